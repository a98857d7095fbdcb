import { formatClock, formatCount } from "./format.js";

export interface StatCardsProps {
  /** `stats_update.total_count`; undefined until the first update. */
  totalPlaybacks: number | undefined;
  /** `stats_update.unique_users`. */
  uniqueUsers: number | undefined;
  /** Events received per minute over the last minute. */
  eventsPerMinute: number | undefined;
  /** Sessions currently playing, when known. */
  activeSessions?: number | undefined;
  /** `stats_update.timestamp`, shown as "updated at". */
  updatedAt?: string | undefined;
}

/** The headline numbers of a room. A value not known yet reads "—", never 0. */
export function StatCards({
  totalPlaybacks,
  uniqueUsers,
  eventsPerMinute,
  activeSessions,
  updatedAt,
}: StatCardsProps) {
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
      {updatedAt === undefined ? null : (
        <p className="pb-muted pb-stats__updated">
          Updated <time dateTime={updatedAt}>{formatClock(updatedAt)}</time>
        </p>
      )}
    </section>
  );
}
