import type { PlaybackData } from "@pulseboard/protocol";
import { useState } from "react";
import { ActivityRow } from "./activity-row.js";
import { EmptyState } from "./empty-state.js";
import { Panel } from "./panel.js";
import { usePendingAction } from "./use-pending-action.js";

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
  /** Most rows rendered at first (default 50): a busy room must not grow the page without bound. */
  limit?: number;
  /**
   * "Load older": fetches the page below the oldest item (e.g. `loadOlderEvents` of
   * `@pulseboard/client`). Each press first shows `limit` more of the items already held and
   * calls this only when all are shown. Without it there is no button.
   */
  onLoadOlder?: () => unknown;
  /** Whether older items may exist beyond `items` (default true). */
  hasOlder?: boolean;
}

/**
 * Recent playbacks: who, what, on which platform, how far. The list is an ARIA live log, so a
 * screen reader announces new rows politely without re-reading the whole list.
 */
export function ActivityFeed({
  items,
  title = "Recent activity",
  limit = 50,
  onLoadOlder,
  hasOlder = true,
}: ActivityFeedProps) {
  const [rows, setRows] = useState(limit);
  const older = usePendingAction();
  const shown = items.slice(0, rows);
  const heldBeyond = items.length > rows;
  const loadOlder = () =>
    older.run(async () => {
      if (!heldBeyond) await onLoadOlder?.();
      setRows((current) => current + limit);
    });
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
      {onLoadOlder === undefined ? null : heldBeyond || hasOlder ? (
        <div className="pb-feed__more">
          <button
            type="button"
            className="pb-button pb-button--quiet"
            onClick={loadOlder}
            disabled={older.pending}
          >
            {older.pending ? "Loading…" : "Load older"}
          </button>
          {older.error === undefined ? null : (
            <span role="alert" className="pb-action-error">
              Could not load older playbacks: {older.error}
            </span>
          )}
        </div>
      ) : (
        <p className="pb-muted pb-feed__more">No older playbacks</p>
      )}
    </Panel>
  );
}

function itemKey(item: ActivityItem): string {
  return item.data.id ?? item.data.event_id ?? `seq:${item.seq}`;
}
