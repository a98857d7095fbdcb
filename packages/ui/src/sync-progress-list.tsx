import type { SyncProgressData } from "@pulseboard/protocol";
import { EmptyState } from "./empty-state.js";
import { Panel } from "./panel.js";
import { SyncRow } from "./sync-row.js";

/** One sync as the list shows it; the client store's entries fit as they are. */
export interface SyncItem {
  data: SyncProgressData;
}

export interface SyncProgressListProps {
  /** Running syncs first is the caller's choice; rows keep the given order. */
  items: readonly SyncItem[];
  title?: string;
}

/** Library syncs with their progress where reported; the status is spelled out, not only coloured. */
export function SyncProgressList({ items, title = "Syncs" }: SyncProgressListProps) {
  const running = items.filter((item) => item.data.status === "running").length;
  return (
    <Panel
      title={title}
      aside={running === 0 ? undefined : <span className="pb-muted">{running} running</span>}
    >
      {items.length === 0 ? (
        <EmptyState title="No syncs running" compact>
          Library syncs show their progress here while they run.
        </EmptyState>
      ) : (
        <ul className="pb-syncs">
          {items.map((item) => (
            <SyncRow key={item.data.correlation_id} data={item.data} />
          ))}
        </ul>
      )}
    </Panel>
  );
}
