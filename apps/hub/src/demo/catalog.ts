import { type NonEmpty, nonEmpty } from "./random.js";

/**
 * Plausible content of a home media server. Addresses come from the documentation ranges
 * (RFC 5737: 192.0.2.0/24, 198.51.100.0/24) so demo data can never point at a real host.
 * Titles are Blender open movies, public-domain films and recordings, and invented shows.
 */

export interface City {
  name: string;
  lat: number;
  lon: number;
}

export const CITIES = {
  lisbon: { name: "Lisbon", lat: 38.72, lon: -9.14 },
  madrid: { name: "Madrid", lat: 40.42, lon: -3.7 },
  paris: { name: "Paris", lat: 48.86, lon: 2.35 },
  berlin: { name: "Berlin", lat: 52.52, lon: 13.4 },
  london: { name: "London", lat: 51.51, lon: -0.13 },
  newYork: { name: "New York", lat: 40.71, lon: -74.01 },
  chicago: { name: "Chicago", lat: 41.88, lon: -87.63 },
  toronto: { name: "Toronto", lat: 43.65, lon: -79.38 },
  saoPaulo: { name: "São Paulo", lat: -23.55, lon: -46.63 },
  tokyo: { name: "Tokyo", lat: 35.68, lon: 139.69 },
  osaka: { name: "Osaka", lat: 34.69, lon: 135.5 },
  sydney: { name: "Sydney", lat: -33.87, lon: 151.21 },
  mumbai: { name: "Mumbai", lat: 19.08, lon: 72.88 },
} as const satisfies Record<string, City>;

export const CITY_LIST: NonEmpty<City> = nonEmpty(Object.values(CITIES));

export interface User {
  id: number;
  username: string;
  city: City;
  /** Home address; playbacks mostly come from here. */
  ip: string;
  /** Relative activity: some households watch far more than others. */
  weight: number;
}

const user = (id: number, username: string, city: City, ip: string, weight: number): User => ({
  id,
  username,
  city,
  ip,
  weight,
});

export const USERS: NonEmpty<User> = [
  user(1001, "marisol", CITIES.lisbon, "192.0.2.10", 9),
  user(1002, "tbrennan", CITIES.chicago, "198.51.100.23", 7),
  user(1003, "kenji.w", CITIES.tokyo, "192.0.2.44", 6),
  user(1004, "ana_lucia", CITIES.saoPaulo, "198.51.100.61", 5),
  user(1005, "oskar", CITIES.berlin, "192.0.2.87", 5),
  user(1006, "priya.r", CITIES.mumbai, "198.51.100.102", 4),
  user(1007, "jdupont", CITIES.paris, "192.0.2.121", 4),
  user(1008, "mcarter", CITIES.newYork, "198.51.100.140", 4),
  user(1009, "lena.h", CITIES.berlin, "192.0.2.153", 3),
  user(1010, "sam_k", CITIES.toronto, "198.51.100.171", 3),
  user(1011, "grandma_jo", CITIES.london, "192.0.2.188", 2),
  user(1012, "rafa", CITIES.madrid, "198.51.100.199", 2),
  user(1013, "emily.t", CITIES.sydney, "192.0.2.203", 2),
  user(1014, "yuki", CITIES.osaka, "198.51.100.214", 2),
  user(1015, "dad", CITIES.lisbon, "192.0.2.11", 2),
  user(1016, "the_kids", CITIES.lisbon, "192.0.2.12", 3),
  user(1017, "noah.b", CITIES.chicago, "198.51.100.230", 1),
  user(1018, "guest", CITIES.london, "192.0.2.240", 1),
];

export type MediaType = "movie" | "episode" | "track" | "live";

export interface Title {
  title: string;
  media_type: MediaType;
  /** Series or album artist, as media servers report it beside the title. */
  grandparent_title?: string;
  duration_min: number;
}

const movie = (title: string, duration_min: number): Title => ({
  title,
  media_type: "movie",
  duration_min,
});
const episode = (show: string, title: string, duration_min: number): Title => ({
  title: `${show} — ${title}`,
  media_type: "episode",
  grandparent_title: show,
  duration_min,
});
const track = (title: string, artist: string, duration_min: number): Title => ({
  title,
  media_type: "track",
  grandparent_title: artist,
  duration_min,
});

export const TITLES: NonEmpty<Title> = [
  movie("Big Buck Bunny", 10),
  movie("Sintel", 15),
  movie("Tears of Steel", 12),
  movie("Elephants Dream", 11),
  movie("Cosmos Laundromat", 12),
  movie("Spring", 8),
  movie("Night of the Living Dead", 96),
  movie("Nosferatu", 94),
  movie("Metropolis", 153),
  movie("The General", 78),
  movie("His Girl Friday", 92),
  movie("Charade", 113),
  episode("Harbor Lights", "S02E05 Low Tide", 44),
  episode("Harbor Lights", "S02E06 Undertow", 46),
  episode("Orbital", "S01E03 Perigee", 52),
  episode("Orbital", "S01E04 Apogee", 49),
  episode("The Night Kitchen", "S04E11 Mise en Place", 23),
  episode("The Night Kitchen", "S04E12 Family Meal", 22),
  episode("Northbound", "S01E08 Whiteout", 58),
  episode("Field Notes", "S03E01 The Long Migration", 50),
  track("Clair de Lune", "Claude Debussy", 5),
  track("Gymnopédie No. 1", "Erik Satie", 3),
  track("The Entertainer", "Scott Joplin", 4),
  track("Moonlight Sonata, 1st Movement", "Ludwig van Beethoven", 6),
  { title: "Harbor City News at Six", media_type: "live", duration_min: 30 },
];

export interface Device {
  platform: string;
  player: string;
}

export const DEVICES: NonEmpty<Device> = [
  { platform: "Android TV", player: "Plex for Android (TV)" },
  { platform: "Android", player: "Plex for Android (Mobile)" },
  { platform: "iOS", player: "Plex for iOS" },
  { platform: "tvOS", player: "Apple TV" },
  { platform: "Roku", player: "Roku Ultra" },
  { platform: "Chrome", player: "Plex Web" },
  { platform: "Firefox", player: "Jellyfin Web" },
  { platform: "Windows", player: "Plex HTPC" },
  { platform: "Linux", player: "Jellyfin Media Player" },
  { platform: "Tizen", player: "Samsung Smart TV" },
  { platform: "webOS", player: "LG Smart TV" },
  { platform: "Xbox", player: "Plex for Xbox" },
];

export const SOURCES: NonEmpty<string> = ["plex", "jellyfin", "emby"];

export const TRANSCODE_DECISIONS: NonEmpty<readonly [string, number]> = [
  ["direct play", 6],
  ["direct stream", 3],
  ["transcode", 2],
];
