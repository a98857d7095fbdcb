import type { AdminConfig } from "./config";
import { adminJson } from "./gate";

/** Longer than the hub's cluster-wide wait (HUB_ADMIN_WAIT_MS, 1 s by default). */
const HUB_TIMEOUT_MS = 5_000;

/**
 * Calls the hub's operator API with the admin token and hands the browser the hub's JSON, and
 * nothing else of the exchange: not the hub's headers, never the token. Hub refusals of the
 * token become 502 with what to fix, since they are this server's misconfiguration, not the
 * operator's.
 */
export async function forwardToHub(
  config: AdminConfig,
  path: string,
  init: { method: "GET" | "POST"; body?: unknown },
  fetchImpl: typeof fetch = fetch,
): Promise<Response> {
  let response: Response;
  let text: string;
  try {
    response = await fetchImpl(`${config.hubHttpUrl}${path}`, {
      method: init.method,
      headers: {
        authorization: `Bearer ${config.adminToken}`,
        ...(init.body === undefined ? {} : { "content-type": "application/json" }),
      },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      cache: "no-store",
      signal: AbortSignal.timeout(HUB_TIMEOUT_MS),
    });
    text = await response.text();
  } catch {
    return adminJson(502, {
      error: "hub_unreachable",
      message: `no answer from the hub's operator API at ${config.hubHttpUrl}`,
    });
  }
  if (response.status === 401 || response.status === 403) {
    return adminJson(502, {
      error: "hub_refused",
      message:
        "the hub refused this server's admin token: PULSEBOARD_ADMIN_TOKEN must equal the hub's HUB_ADMIN_TOKEN",
    });
  }
  // Every path asked for exists on a hub with the operator API on: a 404 means it is off.
  if (response.status === 404) {
    return adminJson(502, {
      error: "hub_admin_off",
      message: "the hub's operator API is off: set HUB_ADMIN_TOKEN on every hub",
    });
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return adminJson(502, { error: "hub_bad_answer", message: "the hub did not answer JSON" });
  }
  // The hub never echoes the token; should one ever do, it stops here rather than at a browser.
  if (text.includes(config.adminToken)) {
    return adminJson(502, { error: "hub_bad_answer", message: "the hub's answer was withheld" });
  }
  return adminJson(response.status, body);
}
