import type { DetectionAlertData } from "@pulseboard/protocol";
import { present } from "./present.js";

/**
 * What to call an alert: its title, else its rule ("impossible_travel"), else "Detection
 * alert". Buttons are named after it, so it is never empty.
 */
export function alertTitle(data: DetectionAlertData): string {
  return present(data.title) ?? present(data.rule_type) ?? "Detection alert";
}

/** Who the alert is about: the username, else "user <id>", else nothing. */
export function alertUser(data: DetectionAlertData): string | undefined {
  const name = present(data.username);
  if (name !== undefined) return name;
  return data.user_id === null || data.user_id === undefined
    ? undefined
    : `user ${String(data.user_id)}`;
}
