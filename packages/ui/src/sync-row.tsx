import type { SyncProgressData } from "@pulseboard/protocol";
import { cx } from "./class-names.js";
import { present } from "./present.js";
import { SyncBar } from "./sync-bar.js";
import { syncCounts, syncFraction } from "./sync-fraction.js";
import { syncStatusLabel, syncStatusTone } from "./sync-status.js";

/** One sync: name, status word, bar (when there is progress to show), message and error. */
export function SyncRow({ data }: { data: SyncProgressData }) {
  const fraction = syncFraction(data.progress);
  const percent = fraction === undefined ? undefined : Math.round(fraction * 100);
  const counts = syncCounts(data.progress);
  const name = syncName(data);
  const tone = syncStatusTone(data.status);
  const status = syncStatusLabel(data.status);
  const message = present(data.message);
  const error = present(data.error);
  return (
    <li className={cx("pb-sync", `pb-sync--${tone}`)}>
      <div className="pb-sync__head">
        <span className="pb-sync__name">{name}</span>
        <span className={cx("pb-status", `pb-status--${tone}`)} title={`Status: ${status}`}>
          {status}
        </span>
      </div>
      <SyncBar label={name} percent={percent} counts={counts} active={data.status === "running"} />
      <div className="pb-sync__foot">
        <span>{progressText(percent, counts)}</span>
        {message === undefined ? null : <span className="pb-muted">{message}</span>}
      </div>
      {error === undefined ? null : <p className="pb-sync__error">{error}</p>}
    </li>
  );
}

/** "library_sync on plex-main"; "Sync" when the producer names no operation. */
export function syncName(data: SyncProgressData): string {
  const operation = present(data.operation) ?? "Sync";
  const server = present(data.server_id);
  return server === undefined ? operation : `${operation} on ${server}`;
}

function progressText(percent: number | undefined, counts: string | undefined): string {
  if (percent === undefined) return "Progress not reported";
  return counts === undefined ? `${percent} %` : `${percent} % · ${counts}`;
}
