import { readCookie } from "../dev-viewer";
import type { Env } from "../env";
import { type AdminConfig, adminConfig } from "./config";
import { OPERATOR_COOKIE, validSession } from "./session";

export type GateResult = { ok: true; config: AdminConfig } | { ok: false; response: Response };

/**
 * Who may use `/api/admin/*`: with the admin page off, nobody (404, as if the routes did not
 * exist); without a valid operator session, 401; a request that changes something must come
 * from this site (its `Origin`), 403 otherwise. The session cookie is SameSite=Strict already;
 * the Origin check is the second lock on the door.
 */
export function operatorGate(request: Request, env: Env, nowMs = Date.now()): GateResult {
  const config = adminConfig(env);
  if (config === undefined) {
    return refuse(404, "admin_disabled", "the admin page is off on this server");
  }
  const session = readCookie(request.headers.get("cookie"), OPERATOR_COOKIE);
  if (!validSession(config, session, nowMs)) {
    return refuse(401, "unauthorized", "sign in as an operator at /admin/login");
  }
  if (request.method !== "GET" && request.method !== "HEAD" && !sameOrigin(request)) {
    return refuse(403, "cross_origin", "admin actions are taken from this site's own pages");
  }
  return { ok: true, config };
}

/** The request's `Origin` is this server's own origin (as the browser addressed it). */
export function sameOrigin(request: Request): boolean {
  const origin = request.headers.get("origin");
  const host = request.headers.get("host") ?? new URL(request.url).host;
  if (origin === null) return false;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

export function refuse(
  status: number,
  error: string,
  message: string,
): { ok: false; response: Response } {
  return { ok: false, response: adminJson(status, { error, message }) };
}

/** Every admin answer: JSON, never cached by anyone. */
export function adminJson(status: number, body: unknown): Response {
  return Response.json(body, { status, headers: { "cache-control": "no-store" } });
}
