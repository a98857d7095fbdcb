import type { AlertSeverity } from "@pulseboard/protocol";

const LABEL: Record<AlertSeverity, string> = {
  info: "Info",
  warning: "Warning",
  critical: "Critical",
};

/** The severity as a word on a coloured chip: colour is never the only signal. */
export function SeverityBadge({ severity }: { severity: AlertSeverity }) {
  return <span className={`pb-severity pb-severity--${severity}`}>{LABEL[severity]}</span>;
}
