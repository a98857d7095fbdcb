import type { IncomingMessage } from "node:http";

/**
 * The address a connection limit is counted against. Behind a trusted reverse proxy
 * (HUB_TRUST_PROXY=1) that is the first X-Forwarded-For entry; otherwise the socket's peer,
 * since a client could write any X-Forwarded-For it likes.
 */
export function clientAddress(req: IncomingMessage, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = req.headers["x-forwarded-for"];
    const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(",")[0]?.trim();
    if (first) return first;
  }
  return req.socket.remoteAddress ?? "unknown";
}
