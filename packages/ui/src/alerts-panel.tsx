import type { DetectionAlertData } from "@pulseboard/protocol";
import { cx } from "./class-names.js";
import { EmptyState } from "./empty-state.js";
import { formatClock } from "./format.js";
import { Panel } from "./panel.js";
import { SeverityBadge } from "./severity-badge.js";

/** One detection alert as the panel shows it; the client store's entries fit as they are. */
export interface AlertItem {
  data: DetectionAlertData;
  acknowledged: boolean;
}

export interface AlertsPanelProps {
  /** Newest first. */
  alerts: readonly AlertItem[];
  onAcknowledge: (id: string | number) => void;
  title?: string;
  /** Most rows rendered (default 50). */
  limit?: number;
}

/** Detection alerts with their severity and an "Acknowledge" button for each open one. */
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
            <AlertRow key={String(alert.data.id)} alert={alert} onAcknowledge={onAcknowledge} />
          ))}
        </ul>
      )}
    </Panel>
  );
}

function AlertRow({
  alert,
  onAcknowledge,
}: {
  alert: AlertItem;
  onAcknowledge: (id: string | number) => void;
}) {
  const { data, acknowledged } = alert;
  return (
    <li className={cx("pb-alert", `pb-alert--${data.severity}`, acknowledged && "pb-alert--done")}>
      <div className="pb-alert__head">
        <SeverityBadge severity={data.severity} />
        <span className="pb-alert__title">{data.title}</span>
      </div>
      <p className="pb-alert__message">{data.message}</p>
      <div className="pb-alert__meta">
        <span>{data.username ?? `user ${String(data.user_id)}`}</span>
        <span className="pb-tag">{data.rule_type}</span>
        <time dateTime={data.created_at}>{formatClock(data.created_at)}</time>
      </div>
      <div className="pb-alert__actions">
        {acknowledged ? (
          <span className="pb-muted">Acknowledged</span>
        ) : (
          <button
            type="button"
            className="pb-button"
            onClick={() => onAcknowledge(data.id)}
            aria-label={`Acknowledge alert: ${data.title}`}
          >
            Acknowledge
          </button>
        )}
      </div>
    </li>
  );
}
