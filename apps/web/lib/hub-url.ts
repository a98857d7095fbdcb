import { type Env, readVar } from "./env";

export const DEFAULT_HUB_URL = "ws://127.0.0.1:8080/ws";

/**
 * The hub's WebSocket endpoint from `NEXT_PUBLIC_HUB_URL` (default ws://127.0.0.1:8080/ws).
 * ws(s) and http(s) URLs are accepted (the client turns http into ws); anything else is a
 * configuration error whose message names the variable, shown on the dashboard itself.
 */
export function hubUrlFrom(env: Env): { ok: true; url: string } | { ok: false; message: string } {
  const raw = readVar(env, "NEXT_PUBLIC_HUB_URL") ?? DEFAULT_HUB_URL;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, message: `NEXT_PUBLIC_HUB_URL is not a URL: ${JSON.stringify(raw)}` };
  }
  if (!["ws:", "wss:", "http:", "https:"].includes(url.protocol)) {
    return {
      ok: false,
      message: `NEXT_PUBLIC_HUB_URL must be a ws://, wss://, http:// or https:// URL (got ${JSON.stringify(raw)})`,
    };
  }
  return { ok: true, url: url.toString() };
}

/**
 * An HTTP(S) address on the hub, next to its WebSocket endpoint: `path` on the same host and
 * port (ws → http, wss → https), without the endpoint's query.
 */
export function hubHttpUrl(hubUrl: string, path: string): string {
  const url = new URL(hubUrl);
  url.protocol = url.protocol === "wss:" || url.protocol === "https:" ? "https:" : "http:";
  url.pathname = path;
  url.search = "";
  url.hash = "";
  return url.toString();
}

/** The hub's `/healthz` over HTTP, next to its WebSocket endpoint. */
export function hubHealthUrl(hubUrl: string): string {
  return hubHttpUrl(hubUrl, "/healthz");
}
