import type { DetectionAlertData } from "@pulseboard/protocol";
import { AcknowledgeButton } from "./acknowledge-button.js";
import { alertTitle, alertUser } from "./alert-text.js";
import { cx } from "./class-names.js";
import { firstTime, formatClock } from "./format.js";
import { present } from "./present.js";
import { SeverityBadge, severityTone } from "./severity-badge.js";

export interface AlertRowProps {
  data: DetectionAlertData;
  acknowledged: boolean;
  onAcknowledge: (id: string | number) => void;
}

/** One detection alert; what the producer left out is left out, never printed as "null". */
export function AlertRow({ data, acknowledged, onAcknowledge }: AlertRowProps) {
  const title = alertTitle(data);
  const message = present(data.message);
  const user = alertUser(data);
  const rule = present(data.rule_type);
  const createdAt = firstTime(data.created_at);
  return (
    <li
      className={cx(
        "pb-alert",
        `pb-alert--${severityTone(data.severity)}`,
        acknowledged && "pb-alert--done",
      )}
    >
      <div className="pb-alert__head">
        <SeverityBadge severity={data.severity} />
        <span className="pb-alert__title">{title}</span>
      </div>
      {message === undefined ? null : <p className="pb-alert__message">{message}</p>}
      <div className="pb-alert__meta">
        {user === undefined ? null : <span>{user}</span>}
        {rule === undefined ? null : <span className="pb-tag">{rule}</span>}
        {createdAt === undefined ? null : (
          <time dateTime={createdAt}>{formatClock(createdAt)}</time>
        )}
      </div>
      <div className="pb-alert__actions">
        {acknowledged ? (
          <span className="pb-muted">Acknowledged</span>
        ) : (
          <AcknowledgeButton data={data} onAcknowledge={onAcknowledge} />
        )}
      </div>
    </li>
  );
}
