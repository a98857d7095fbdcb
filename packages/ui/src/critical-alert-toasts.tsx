import { type ReactNode, useState } from "react";
import type { AlertItem } from "./alerts-panel.js";
import { Toast, ToastRegion } from "./toast.js";

export interface CriticalAlertToastsProps {
  /** All alerts of the room, newest first; only critical, unacknowledged ones become toasts. */
  alerts: readonly AlertItem[];
  onAcknowledge: (id: string | number) => void;
  /** Most toasts shown at once (default 3); the rest are counted. */
  max?: number;
  /**
   * Other toasts to stack in the same corner, below the alerts (e.g. `RefreshRequestToast`):
   * two fixed regions would cover each other.
   */
  children?: ReactNode;
}

/**
 * Toasts for `critical` detection alerts only. Acknowledging removes the toast (the alert is no
 * longer open); "Dismiss" hides it here and leaves the alert open in the alerts panel.
 */
export function CriticalAlertToasts({
  alerts,
  onAcknowledge,
  max = 3,
  children,
}: CriticalAlertToastsProps) {
  const [dismissed, setDismissed] = useState<ReadonlySet<string>>(() => new Set());
  const pending = alerts.filter(
    (alert) =>
      alert.data.severity === "critical" &&
      !alert.acknowledged &&
      !dismissed.has(String(alert.data.id)),
  );
  const shown = pending.slice(0, max);
  const hidden = pending.length - shown.length;
  const dismiss = (id: string | number) =>
    setDismissed((previous) => new Set(previous).add(String(id)));

  return (
    <ToastRegion>
      {shown.map(({ data }) => (
        <Toast
          key={String(data.id)}
          severity="critical"
          title={`Critical: ${data.title}`}
          onDismiss={() => dismiss(data.id)}
          actions={
            <button
              type="button"
              className="pb-button"
              onClick={() => onAcknowledge(data.id)}
              aria-label={`Acknowledge alert: ${data.title}`}
            >
              Acknowledge
            </button>
          }
        >
          <p>{data.message}</p>
          {data.username === undefined ? null : <p className="pb-muted">User: {data.username}</p>}
        </Toast>
      ))}
      {hidden > 0 ? (
        <p className="pb-toasts__more">
          {hidden} more critical {hidden === 1 ? "alert" : "alerts"} in the alerts panel
        </p>
      ) : null}
      {children}
    </ToastRegion>
  );
}
