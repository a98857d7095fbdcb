import type { AlertAcknowledgedData, DetectionAlertData } from "@pulseboard/protocol";
import { AcknowledgeButton, type AcknowledgeHandler } from "./acknowledge-button.js";
import { alertTitle, alertUser } from "./alert-text.js";
import { cx } from "./class-names.js";
import { firstTime, formatClock } from "./format.js";
import { present } from "./present.js";
import { SeverityBadge, severityTone } from "./severity-badge.js";

export interface AlertRowProps {
  data: DetectionAlertData;
  acknowledged: boolean;
  /** Who acknowledged it and when, if known. */
  acknowledgement?: AlertAcknowledgedData | undefined;
  onAcknowledge: AcknowledgeHandler;
}

/** One detection alert; what the producer left out is left out, never printed as "null". */
export function AlertRow({ data, acknowledged, acknowledgement, onAcknowledge }: AlertRowProps) {
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
          <AcknowledgedNote acknowledgement={acknowledgement} />
        ) : (
          <AcknowledgeButton data={data} onAcknowledge={onAcknowledge} />
        )}
      </div>
    </li>
  );
}

/** "Acknowledged by Teal Otter at 23:05:00 UTC", and the note they left, if any. */
function AcknowledgedNote({
  acknowledgement,
}: {
  acknowledgement: AlertAcknowledgedData | undefined;
}) {
  if (acknowledgement === undefined) return <span className="pb-muted">Acknowledged</span>;
  const name = present(acknowledgement.by.name) ?? String(acknowledgement.by.id);
  const note = present(acknowledgement.note);
  return (
    <span className="pb-muted pb-alert__acknowledged">
      Acknowledged by {name} at{" "}
      <time dateTime={acknowledgement.at}>{formatClock(acknowledgement.at)}</time>
      {note === undefined ? null : <q className="pb-alert__note">{note}</q>}
    </span>
  );
}
