import type { SyncCompletedData } from "@pulseboard/protocol";
import { formatClock, formatCount, formatDuration } from "./format.js";

export interface SyncCompletedNoticeProps {
  /** The latest `sync_completed` summary; nothing is rendered without one. */
  completed: SyncCompletedData | undefined;
  onDismiss?: () => void;
}

/** "Sync completed: 12 new playbacks in 4.8 s", announced politely when it changes. */
export function SyncCompletedNotice({ completed, onDismiss }: SyncCompletedNoticeProps) {
  return (
    // The live region stays mounted so that its first message is announced too.
    <div className="pb-notice-slot" role="status" aria-live="polite">
      {completed === undefined ? null : (
        <div className="pb-notice">
          <p className="pb-notice__text">
            <strong>Sync completed:</strong> {formatCount(completed.new_playbacks)} new{" "}
            {completed.new_playbacks === 1 ? "playback" : "playbacks"} in{" "}
            {formatDuration(completed.sync_duration_ms)}{" "}
            <span className="pb-muted">
              at <time dateTime={completed.timestamp}>{formatClock(completed.timestamp)}</time>
            </span>
          </p>
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
