/**
 * The event every peer broadcasts: a `playback` as media servers send it, about 200 bytes of
 * JSON. `sent_us` comes first so the load generator finds it right after the envelope's
 * head; it is the producer's monotonic clock in microseconds (see clock.ts).
 */
// A type alias (not an interface) so it fits the protocol's open `data` record.
export type PlaybackData = {
  sent_us: number;
  id: string;
  username: string;
  title: string;
  media_type: string;
  session_key: string;
  platform: string;
  player: string;
  user_id: number;
  percent_complete: number;
};

export const EVENT_TYPE = "playback";

/** The key the load generator looks for in every frame; nothing else of the frame is parsed. */
export const TIMESTAMP_KEY = '"sent_us":';

const TITLES = [
  "The Grand Budapest Hotel",
  "Dune: Part Two",
  "Spirited Away",
  "Arrival",
  "The Bear S03E04",
  "Blade Runner 2049",
];
const PLATFORMS = ["Chrome", "Android", "Apple TV", "Roku", "Windows"];

export function playbackData(index: number, sentUs: number): PlaybackData {
  return {
    sent_us: sentUs,
    id: `pb-${index.toString().padStart(8, "0")}`,
    username: `user${(index % 997).toString().padStart(4, "0")}`,
    title: TITLES[index % TITLES.length] ?? "Untitled",
    media_type: index % 3 === 0 ? "episode" : "movie",
    session_key: (0x9e3779b9 * (index + 1)).toString(16).slice(-12).padStart(12, "0"),
    platform: PLATFORMS[index % PLATFORMS.length] ?? "Web",
    player: "Plex Web",
    user_id: index % 997,
    percent_complete: index % 100,
  };
}
