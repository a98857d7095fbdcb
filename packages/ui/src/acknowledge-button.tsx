import type { DetectionAlertData } from "@pulseboard/protocol";
import { alertTitle } from "./alert-text.js";
import { usePendingAction } from "./use-pending-action.js";

/**
 * What happens on "Acknowledge": with `@pulseboard/client` it is `connection.append`, durable
 * and seen by every viewer; a returned promise keeps the button busy until the hub answered,
 * and its rejection is shown beside the button.
 */
export type AcknowledgeHandler = (id: string | number) => unknown;

/** "Acknowledge", named after the alert so that a list of them can be told apart by ear. */
export function AcknowledgeButton({
  data,
  onAcknowledge,
}: {
  data: DetectionAlertData;
  onAcknowledge: AcknowledgeHandler;
}) {
  const { pending, error, run } = usePendingAction();
  return (
    <>
      <button
        type="button"
        className="pb-button"
        onClick={() => run(() => onAcknowledge(data.id))}
        disabled={pending}
        aria-label={`Acknowledge alert: ${alertTitle(data)}`}
      >
        {pending ? "Acknowledging…" : "Acknowledge"}
      </button>
      {error === undefined ? null : (
        <span role="alert" className="pb-action-error">
          Not acknowledged: {error}
        </span>
      )}
    </>
  );
}
