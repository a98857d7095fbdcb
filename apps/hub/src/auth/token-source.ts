import type { IncomingMessage } from "node:http";

/**
 * Where a client's token is read from, in PROTOCOL.md's order: `Authorization: Bearer`,
 * then the `token` cookie, then the `access_token` query parameter (browsers cannot set
 * headers on a WebSocket).
 */
export function readToken(req: IncomingMessage, params: URLSearchParams): string | undefined {
  const header = req.headers.authorization;
  if (header !== undefined) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (match?.[1] !== undefined) return match[1];
  }
  const cookie = readCookie(req.headers.cookie, "token");
  if (cookie !== undefined && cookie !== "") return cookie;
  const query = params.get("access_token");
  return query === null || query === "" ? undefined : query;
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
