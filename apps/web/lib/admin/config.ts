import { type Env, readVar } from "../env";
import { hubUrlFrom } from "../hub-url";

/** What the admin page needs on the server; never sent to a browser. */
export interface AdminConfig {
  /** The hub's HUB_ADMIN_TOKEN, sent by this server as `Authorization: Bearer`. */
  adminToken: string;
  /** What an operator types to sign in. */
  password: string;
  /** The hub's HTTP origin, e.g. http://127.0.0.1:8080 (the operator API lives under it). */
  hubHttpUrl: string;
}

/**
 * The admin configuration, or undefined while the admin page is off: it needs both
 * PULSEBOARD_ADMIN_TOKEN and PULSEBOARD_OPERATOR_PASSWORD, and a hub address
 * (PULSEBOARD_ADMIN_HUB_URL, else the HTTP side of NEXT_PUBLIC_HUB_URL).
 */
export function adminConfig(env: Env): AdminConfig | undefined {
  const adminToken = readVar(env, "PULSEBOARD_ADMIN_TOKEN");
  const password = readVar(env, "PULSEBOARD_OPERATOR_PASSWORD");
  if (adminToken === undefined || password === undefined) return undefined;
  const explicit = readVar(env, "PULSEBOARD_ADMIN_HUB_URL");
  const hub = explicit === undefined ? hubUrlFrom(env) : { ok: true as const, url: explicit };
  if (!hub.ok) return undefined;
  let url: URL;
  try {
    url = new URL(hub.url);
  } catch {
    return undefined;
  }
  const secure = url.protocol === "wss:" || url.protocol === "https:";
  return { adminToken, password, hubHttpUrl: `${secure ? "https" : "http"}://${url.host}` };
}
