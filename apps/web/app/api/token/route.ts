import { serverEnv } from "../../../lib/env";
import { handleTokenRequest } from "../../../lib/token-endpoint";

/**
 * Development tokens for the dashboards (see lib/token-endpoint.ts and the README). Issued only
 * by `next dev` (and tests), or with PULSEBOARD_DEV_TOKENS=1, which the server logs as a warning
 * (lib/dev-token-switch.ts).
 */
export function GET(request: Request): Promise<Response> {
  return handleTokenRequest(request, serverEnv());
}
