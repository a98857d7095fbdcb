import { type AlertSeverity, isKnownSeverity } from "@pulseboard/protocol";
import { cx } from "./class-names.js";
import { present } from "./present.js";

const LABEL: Record<AlertSeverity, string> = {
  info: "Info",
  warning: "Warning",
  critical: "Critical",
};

/** The style family of a severity: the known ones have their own, anything else is neutral. */
export type SeverityTone = AlertSeverity | "other";

export function severityTone(severity: string | null | undefined): SeverityTone {
  return isKnownSeverity(severity) ? severity : "other";
}

/**
 * The severity as a word: a known one's label, any other as the producer wrote it ("high"),
 * and "Unspecified" when there is none (rules configured without a severity send "").
 */
export function severityLabel(severity: string | null | undefined): string {
  if (isKnownSeverity(severity)) return LABEL[severity];
  return present(severity) ?? "Unspecified";
}

/** The severity as a word on a chip: colour is never the only signal. */
export function SeverityBadge({ severity }: { severity: string | null | undefined }) {
  const label = severityLabel(severity);
  return (
    <span
      className={cx("pb-severity", `pb-severity--${severityTone(severity)}`)}
      title={`Severity: ${label}`}
    >
      {label}
    </span>
  );
}
