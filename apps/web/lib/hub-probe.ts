import { hubHealthUrl } from "./hub-url";

export type Reachability = "reachable" | "unreachable";

/**
 * Whether anything answers HTTP at the hub's address. A browser cannot see why a WebSocket
 * upgrade failed (401, 403 and "connection refused" all look like close code 1006), but an
 * opaque `no-cors` fetch of `/healthz` tells a running hub (which then refused us: token,
 * origin or limits) from one that is down or unreachable.
 */
export async function probeHub(
  hubUrl: string,
  fetchImpl: typeof fetch = fetch,
  timeoutMs = 4000,
): Promise<Reachability> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    await fetchImpl(hubHealthUrl(hubUrl), {
      mode: "no-cors",
      cache: "no-store",
      signal: controller.signal,
    });
    return "reachable";
  } catch {
    return "unreachable";
  } finally {
    clearTimeout(timer);
  }
}
