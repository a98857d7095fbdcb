import type { IncomingMessage } from "node:http";
import type { Principal } from "./principal.js";
import { cookieOriginProblem, readToken, tokenCookie } from "./token-source.js";
import type { TokenVerifier } from "./verifier.js";

export interface AuthenticateOptions {
  verifier: Pick<TokenVerifier, "enabled" | "verify" | "anonymous">;
  allowedOrigins: readonly string[] | undefined;
}

/** Who sent a request, or the refusal to answer with (status and the JSON error body). */
export type Authentication =
  | { ok: true; principal: Principal }
  | { ok: false; status: 401 | 403; error: string; message: string };

/**
 * A viewer's token, from wherever PROTOCOL.md allows it (Bearer header, `token` cookie,
 * `access_token`), verified: the one check behind the WebSocket upgrade and the rooms HTTP API
 * (`/api/v1/rooms/...`), so both refuse the same requests with the same bodies. Open mode
 * (HUB_AUTH=none) admits everyone as the anonymous principal. Origins are checked by the
 * caller first; here only the cookie depends on them (cookieOriginProblem).
 */
export async function authenticate(
  options: AuthenticateOptions,
  req: IncomingMessage,
  params: URLSearchParams,
): Promise<Authentication> {
  const { verifier } = options;
  if (!verifier.enabled) return { ok: true, principal: verifier.anonymous() };
  // A cookie reaches the hub from any page the browser shows: used only from trusted ones.
  const cookieProblem = cookieOriginProblem(req, options.allowedOrigins);
  const found = readToken(req, params, { cookie: cookieProblem === undefined });
  if (found === undefined) {
    if (cookieProblem !== undefined && tokenCookie(req) !== undefined) {
      return { ok: false, status: 403, error: "origin_not_allowed", message: cookieProblem };
    }
    return {
      ok: false,
      status: 401,
      error: "missing_token",
      message: "send a token: Authorization: Bearer, cookie token or access_token",
    };
  }
  const verified = await verifier.verify(found.token);
  if (!verified.ok) {
    return { ok: false, status: 401, error: verified.code, message: verified.message };
  }
  return { ok: true, principal: verified.principal };
}

/** Whether a browser's `Origin` may use the hub: any without an allow-list, else a listed one. */
export function originAllowed(
  origin: string | undefined,
  allowedOrigins: readonly string[] | undefined,
): boolean {
  return origin === undefined || allowedOrigins === undefined || allowedOrigins.includes(origin);
}
