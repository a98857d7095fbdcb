import type { DetectionAlertData } from "@pulseboard/protocol";
import { alertTitle } from "./alert-text.js";

/** "Acknowledge", named after the alert so that a list of them can be told apart by ear. */
export function AcknowledgeButton({
  data,
  onAcknowledge,
}: {
  data: DetectionAlertData;
  onAcknowledge: (id: string | number) => void;
}) {
  return (
    <button
      type="button"
      className="pb-button"
      onClick={() => onAcknowledge(data.id)}
      aria-label={`Acknowledge alert: ${alertTitle(data)}`}
    >
      Acknowledge
    </button>
  );
}
