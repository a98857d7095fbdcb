import type { AlertAcknowledgedData, DetectionAlertData } from "@pulseboard/protocol";
import type { AcknowledgeHandler } from "./acknowledge-button.js";
import { AlertRow } from "./alert-row.js";
import { cx } from "./class-names.js";
import { EmptyState } from "./empty-state.js";
import { Panel } from "./panel.js";

/** One detection alert as the panel shows it; the client store's entries fit as they are. */
export interface AlertItem {
  data: DetectionAlertData;
  acknowledged: boolean;
  /** Who acknowledged it and when (`alert_acknowledged`); absent: open, or acknowledged upstream. */
  acknowledgement?: { data: AlertAcknowledgedData } | undefined;
}

export interface AlertsPanelProps {
  /** Newest first. */
  alerts: readonly AlertItem[];
  onAcknowledge: AcknowledgeHandler;
  title?: string;
  /** Most rows rendered (default 50). */
  limit?: number;
}

/**
 * Detection alerts with their severity and an "Acknowledge" button for each open one; an
 * acknowledged one says by whom and when.
 */
export function AlertsPanel({
  alerts,
  onAcknowledge,
  title = "Detection alerts",
  limit = 50,
}: AlertsPanelProps) {
  const open = alerts.filter((alert) => !alert.acknowledged).length;
  const shown = alerts.slice(0, limit);
  return (
    <Panel
      title={title}
      aside={
        alerts.length === 0 ? undefined : (
          <span className={cx("pb-count", open > 0 && "pb-count--attention")}>{open} open</span>
        )
      }
    >
      {shown.length === 0 ? (
        <EmptyState title="No alerts" compact>
          Security detections (impossible travel, concurrent streams, …) appear here.
        </EmptyState>
      ) : (
        <ul className="pb-alerts">
          {shown.map((alert) => (
            <AlertRow
              key={String(alert.data.id)}
              data={alert.data}
              acknowledged={alert.acknowledged}
              acknowledgement={alert.acknowledgement?.data}
              onAcknowledge={onAcknowledge}
            />
          ))}
        </ul>
      )}
    </Panel>
  );
}
