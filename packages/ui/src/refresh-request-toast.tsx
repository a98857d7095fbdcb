import type { DashboardRefreshData } from "@pulseboard/protocol";
import { formatClock } from "./format.js";
import { Toast } from "./toast.js";

/** The newest `dashboard_refresh` event; the client's `RoomState.refreshRequest` fits as it is. */
export interface RefreshRequestItem {
  data: DashboardRefreshData;
}

export interface RefreshRequestToastProps {
  /** Nothing is rendered without one. */
  request: RefreshRequestItem | undefined;
  onReload: () => void;
  /** Hides the toast; which request was dismissed is the caller's to remember. */
  onDismiss: () => void;
}

const TITLE = "A refresh of this dashboard was requested";

/**
 * Asks before reloading instead of reloading on its own: a reload under someone's cursor
 * would throw away what they were looking at. Render it inside a `ToastRegion` (or as a child
 * of `CriticalAlertToasts`, which has one) so it stacks with the other toasts.
 */
export function RefreshRequestToast({ request, onReload, onDismiss }: RefreshRequestToastProps) {
  if (request === undefined) return null;
  const { reason, requested_by: requestedBy, requested_at: requestedAt } = request.data;
  return (
    <Toast
      title={TITLE}
      onDismiss={onDismiss}
      actions={
        <button type="button" className="pb-button" onClick={onReload}>
          Reload
        </button>
      }
    >
      {reason === undefined || reason.trim() === "" ? null : <p>{reason}</p>}
      <p className="pb-muted">
        {requestedBy === undefined ? "Requested" : `Requested by ${requestedBy}`} at{" "}
        <time dateTime={requestedAt}>{formatClock(requestedAt)}</time>
      </p>
    </Toast>
  );
}
