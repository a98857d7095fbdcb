import type { SyncProgressData, SyncStatus } from "@pulseboard/protocol";
import { cx } from "./class-names.js";
import { EmptyState } from "./empty-state.js";
import { Panel } from "./panel.js";
import { syncCounts, syncFraction } from "./sync-fraction.js";

/** One sync as the list shows it; the client store's entries fit as they are. */
export interface SyncItem {
  data: SyncProgressData;
}

export interface SyncProgressListProps {
  /** Running syncs first is the caller's choice; rows keep the given order. */
  items: readonly SyncItem[];
  title?: string;
}

const STATUS_LABEL: Record<SyncStatus, string> = {
  running: "Running",
  completed: "Completed",
  error: "Failed",
  canceled: "Canceled",
};

/** Library syncs with a progress bar each; the status is spelled out, not only coloured. */
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

function SyncRow({ data }: { data: SyncProgressData }) {
  const percent = Math.round(syncFraction(data.progress) * 100);
  const counts = syncCounts(data.progress);
  const label = `${data.operation}${data.server_id === undefined ? "" : ` on ${data.server_id}`}`;
  return (
    <li className={cx("pb-sync", `pb-sync--${data.status}`)}>
      <div className="pb-sync__head">
        <span className="pb-sync__name">{label}</span>
        <span className={cx("pb-status", `pb-status--${data.status}`)}>
          {STATUS_LABEL[data.status]}
        </span>
      </div>
      <div
        className="pb-bar"
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={counts === undefined ? `${percent} %` : `${percent} %, ${counts}`}
      >
        <div className="pb-bar__fill" style={{ width: `${percent}%` }} />
      </div>
      <div className="pb-sync__foot">
        <span>
          {percent} %{counts === undefined ? "" : ` · ${counts}`}
        </span>
        {data.message === undefined ? null : <span className="pb-muted">{data.message}</span>}
      </div>
      {data.error === undefined ? null : <p className="pb-sync__error">{data.error}</p>}
    </li>
  );
}
