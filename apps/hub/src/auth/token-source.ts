import type { IncomingMessage } from "node:http";

export type TokenSource = "header" | "cookie" | "query";

/**
 * Where a client's token is read from, in PROTOCOL.md's order: `Authorization: Bearer`,
 * then the `token` cookie, then the `access_token` query parameter (browsers cannot set
 * headers on a WebSocket). A browser sends a cookie on its own, whichever page opens the
 * socket, so the cookie is skipped (`cookie: false`) when the page is not trusted with it
 * (see cookieOriginProblem).
 */
export function readToken(
  req: IncomingMessage,
  params: URLSearchParams,
  { cookie: useCookie }: { cookie: boolean },
): { token: string; source: TokenSource } | undefined {
  const header = req.headers.authorization;
  if (header !== undefined) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (match?.[1] !== undefined) return { token: match[1], source: "header" };
  }
  const cookie = useCookie ? tokenCookie(req) : undefined;
  if (cookie !== undefined) return { token: cookie, source: "cookie" };
  const query = params.get("access_token");
  return query === null || query === "" ? undefined : { token: query, source: "query" };
}

/** The `token` cookie, if the request carries a non-empty one. */
export function tokenCookie(req: IncomingMessage): string | undefined {
  const cookie = readCookie(req.headers.cookie, "token");
  return cookie === "" ? undefined : cookie;
}

/**
 * Cross-site WebSocket hijacking is the cookie case: a page on any site may open a socket to
 * the hub, and the browser attaches the hub's cookies to it. So a token taken from a cookie is
 * accepted only from a page the hub trusts:
 *
 * - `HUB_ALLOWED_ORIGINS` set: the Origin must be in it (checked for every upgrade anyway);
 * - unset: the Origin must be the hub's own (its scheme-less host and port equal the request's
 *   `Host`), i.e. a page served by the hub's host; any other page must be listed.
 *
 * A request without `Origin` is not from a browser (browsers always send it on a WebSocket
 * handshake) and cannot be a hijack. Returns why the cookie may not be used, or undefined.
 */
export function cookieOriginProblem(
  req: IncomingMessage,
  allowedOrigins: readonly string[] | undefined,
): string | undefined {
  const origin = req.headers.origin;
  if (origin === undefined) return undefined;
  if (allowedOrigins !== undefined) {
    return allowedOrigins.includes(origin)
      ? undefined
      : `a token cookie is accepted only from an origin in HUB_ALLOWED_ORIGINS, not ${origin}`;
  }
  if (sameHost(origin, req.headers.host)) return undefined;
  return `a token cookie is accepted only from the hub's own origin (or one listed in HUB_ALLOWED_ORIGINS), not ${origin}`;
}

/** Whether the Origin names the host (and port) the request was sent to. */
function sameHost(origin: string, host: string | undefined): boolean {
  if (host === undefined || host === "") return false;
  try {
    const from = new URL(origin);
    if (from.protocol !== "http:" && from.protocol !== "https:") return false;
    // Parsed with the Origin's scheme, so a default port written out (":443") compares equal.
    return new URL(`${from.protocol}//${host}`).host === from.host;
  } catch {
    return false;
  }
}

function readCookie(header: string | undefined, name: string): string | undefined {
  if (header === undefined) return undefined;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq === -1 || part.slice(0, eq).trim() !== name) continue;
    const value = part.slice(eq + 1).trim();
    try {
      return decodeURIComponent(value);
    } catch {
      return value;
    }
  }
  return undefined;
}
