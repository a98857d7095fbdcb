import type { StatsUpdateData } from "@pulseboard/protocol";
import { firstTime, formatClock, formatCount } from "./format.js";
import { LastPlayback } from "./last-playback.js";

export interface StatCardsProps {
  /** `stats_update.total_count`; undefined until the first update, or when it is not sent. */
  totalPlaybacks: number | undefined;
  /** `stats_update.unique_users`; upstream Cartographus never sends it ("—"). */
  uniqueUsers: number | undefined;
  /** Events received per minute over the last minute. */
  eventsPerMinute: number | undefined;
  /** Sessions currently playing, when known. */
  activeSessions?: number | undefined;
  /** `stats_update.timestamp`, shown as "updated at". */
  updatedAt?: string | undefined;
  /** `stats_update.last_playback`: a time or a playback object (see `LastPlayback`). */
  lastPlayback?: StatsUpdateData["last_playback"];
  /** The current time (ms since 1970), for the last playback's age. */
  now?: number | undefined;
}

/** The headline numbers of a room. A value not known yet reads "—", never 0. */
export function StatCards({
  totalPlaybacks,
  uniqueUsers,
  eventsPerMinute,
  activeSessions,
  updatedAt,
  lastPlayback,
  now,
}: StatCardsProps) {
  const updated = firstTime(updatedAt);
  const cards: { label: string; value: number | undefined; hint?: string }[] = [
    { label: "Total playbacks", value: totalPlaybacks },
    { label: "Unique users", value: uniqueUsers },
    { label: "Events / min", value: eventsPerMinute, hint: "received in the last minute" },
  ];
  if (activeSessions !== undefined) cards.push({ label: "Playing now", value: activeSessions });
  return (
    <section className="pb-stats" aria-label="Statistics">
      <dl className="pb-stats__grid">
        {cards.map((card) => (
          <div key={card.label} className="pb-stat">
            <dt className="pb-stat__label">{card.label}</dt>
            <dd className="pb-stat__value" title={card.hint}>
              {formatCount(card.value)}
            </dd>
          </div>
        ))}
      </dl>
      <LastPlayback value={lastPlayback} now={now} />
      {updated === undefined ? null : (
        <p className="pb-muted pb-stats__updated">
          Updated <time dateTime={updated}>{formatClock(updated)}</time>
        </p>
      )}
    </section>
  );
}
