import type { SyncCompletedData } from "@pulseboard/protocol";
import { firstTime, formatClock, formatCount, formatDuration } from "./format.js";

export interface SyncCompletedNoticeProps {
  /** The latest `sync_completed` summary; nothing is rendered without one. */
  completed: SyncCompletedData | undefined;
  onDismiss?: () => void;
}

/**
 * "Sync completed: 12 new playbacks in 4.8 s", announced politely when it changes. Every field
 * is optional on the wire: what is missing is left out of the sentence ("Sync completed.").
 */
export function SyncCompletedNotice({ completed, onDismiss }: SyncCompletedNoticeProps) {
  return (
    // The live region stays mounted so that its first message is announced too.
    <div className="pb-notice-slot" role="status" aria-live="polite">
      {completed === undefined ? null : (
        <div className="pb-notice">
          <SyncCompletedText data={completed} />
          {onDismiss === undefined ? null : (
            <button
              type="button"
              className="pb-button pb-button--quiet"
              onClick={onDismiss}
              aria-label="Dismiss sync notice"
            >
              Dismiss
            </button>
          )}
        </div>
      )}
    </div>
  );
}

function SyncCompletedText({ data }: { data: SyncCompletedData }) {
  const count = data.new_playbacks;
  const duration = data.sync_duration_ms;
  const at = firstTime(data.timestamp);
  const summary = [
    count === undefined
      ? undefined
      : `${formatCount(count)} new ${count === 1 ? "playback" : "playbacks"}`,
    duration === undefined ? undefined : `in ${formatDuration(duration)}`,
  ]
    .filter((part) => part !== undefined)
    .join(" ");
  return (
    <p className="pb-notice__text">
      <strong>{summary === "" ? "Sync completed." : "Sync completed:"}</strong>
      {summary === "" ? null : ` ${summary}`}
      {at === undefined ? null : (
        <>
          {" "}
          <span className="pb-muted">
            at <time dateTime={at}>{formatClock(at)}</time>
          </span>
        </>
      )}
    </p>
  );
}
