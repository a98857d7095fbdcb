import type { DetectionAlertData } from "@pulseboard/protocol";
import { type ReactNode, useState } from "react";
import { AcknowledgeButton, type AcknowledgeHandler } from "./acknowledge-button.js";
import { alertTitle } from "./alert-text.js";
import type { AlertItem } from "./alerts-panel.js";
import { present } from "./present.js";
import { Toast, ToastRegion } from "./toast.js";

export interface CriticalAlertToastsProps {
  /** All alerts of the room, newest first; only critical, unacknowledged ones become toasts. */
  alerts: readonly AlertItem[];
  onAcknowledge: AcknowledgeHandler;
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
        <CriticalAlertToast
          key={String(data.id)}
          data={data}
          onAcknowledge={onAcknowledge}
          onDismiss={() => dismiss(data.id)}
        />
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

function CriticalAlertToast({
  data,
  onAcknowledge,
  onDismiss,
}: {
  data: DetectionAlertData;
  onAcknowledge: AcknowledgeHandler;
  onDismiss: () => void;
}) {
  const title = alertTitle(data);
  const message = present(data.message);
  const user = present(data.username);
  return (
    <Toast
      severity="critical"
      title={`Critical: ${title}`}
      onDismiss={onDismiss}
      actions={<AcknowledgeButton data={data} onAcknowledge={onAcknowledge} />}
    >
      {message === undefined ? null : <p>{message}</p>}
      {user === undefined ? null : <p className="pb-muted">User: {user}</p>}
    </Toast>
  );
}
