import { webEnv } from "./env";
import { announceDevTokens } from "./lib/dev-token-switch";

/** Next.js calls this once when the server starts: a risky setting is logged before any request. */
export function register(): void {
  announceDevTokens(webEnv());
}
