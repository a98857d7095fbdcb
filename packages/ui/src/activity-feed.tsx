import type { PlaybackData } from "@pulseboard/protocol";
import { EmptyState } from "./empty-state.js";
import { clampPercent, formatClock, formatPercent } from "./format.js";
import { Panel } from "./panel.js";

/** One playback as the feed shows it; the client store's entries fit as they are. */
export interface ActivityItem {
  data: PlaybackData;
  seq: number;
  /** When the hub sequenced it (RFC 3339); used when the playback has no time of its own. */
  ts?: string;
}

export interface ActivityFeedProps {
  /** Newest first. */
  items: readonly ActivityItem[];
  title?: string;
  /** Most rows rendered (default 50): a busy room must not grow the page without bound. */
  limit?: number;
}

/**
 * Recent playbacks: who, what, on which platform, how far. The list is an ARIA live log, so a
 * screen reader announces new rows politely without re-reading the whole list.
 */
export function ActivityFeed({ items, title = "Recent activity", limit = 50 }: ActivityFeedProps) {
  const shown = items.slice(0, limit);
  return (
    <Panel
      title={title}
      aside={
        shown.length === 0 ? undefined : <span className="pb-muted">{shown.length} latest</span>
      }
    >
      {shown.length === 0 ? (
        <EmptyState title="No playbacks yet" compact>
          New playbacks appear here as soon as a media server reports them.
        </EmptyState>
      ) : null}
      <div role="log" aria-live="polite" aria-relevant="additions" aria-label={title}>
        <ol className="pb-feed">
          {shown.map((item) => (
            <ActivityRow key={itemKey(item)} item={item} />
          ))}
        </ol>
      </div>
    </Panel>
  );
}

function ActivityRow({ item }: { item: ActivityItem }) {
  const { data } = item;
  const at = data.started_at ?? data.timestamp ?? item.ts;
  const percent = data.percent_complete;
  return (
    <li className="pb-feed__item">
      <div className="pb-feed__main">
        <span className="pb-feed__user">{data.username}</span>
        <span className="pb-feed__verb"> is watching </span>
        <span className="pb-feed__title">{data.title}</span>
      </div>
      <div className="pb-feed__meta">
        <span className="pb-tag">{data.media_type}</span>
        {data.platform === undefined ? null : (
          <span className="pb-feed__platform">{data.platform}</span>
        )}
        {at === undefined ? null : <time dateTime={at}>{formatClock(at)}</time>}
      </div>
      {percent === undefined ? null : (
        <div className="pb-feed__progress">
          <div
            className="pb-bar"
            role="progressbar"
            aria-label={`Progress of ${data.title}`}
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={Math.round(clampPercent(percent))}
          >
            <div className="pb-bar__fill" style={{ width: `${clampPercent(percent)}%` }} />
          </div>
          <span className="pb-feed__percent">{formatPercent(percent)}</span>
        </div>
      )}
    </li>
  );
}

function itemKey(item: ActivityItem): string {
  return item.data.id ?? item.data.event_id ?? `seq:${item.seq}`;
}
