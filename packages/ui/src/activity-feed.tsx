import type { PlaybackData } from "@pulseboard/protocol";
import { ActivityRow } from "./activity-row.js";
import { EmptyState } from "./empty-state.js";
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
            <ActivityRow key={itemKey(item)} data={item.data} ts={item.ts} />
          ))}
        </ol>
      </div>
    </Panel>
  );
}

function itemKey(item: ActivityItem): string {
  return item.data.id ?? item.data.event_id ?? `seq:${item.seq}`;
}
