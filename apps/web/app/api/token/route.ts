import { serverEnv } from "../../../lib/env";
import { handleTokenRequest } from "../../../lib/token-endpoint";

/**
 * Development tokens for the dashboards (see lib/token-endpoint.ts and the README). Issued only
 * outside production, or in production with PULSEBOARD_DEV_TOKENS=1.
 */
export function GET(request: Request): Promise<Response> {
  return handleTokenRequest(request, serverEnv());
}
