import { type ServerResponse, STATUS_CODES } from "node:http";
import type { Duplex } from "node:stream";

/** Error bodies have one shape everywhere: `{"error": "<code>", "message": "..."}`. */
export interface ErrorBody {
  error: string;
  message: string;
  [extra: string]: unknown;
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  sendJsonText(res, status, JSON.stringify(body));
}

/** A JSON answer already written as text (events with the producer's `data` spliced in). */
export function sendJsonText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(text),
    "cache-control": "no-store",
  });
  res.end(text);
}

/**
 * Refuses a WebSocket upgrade with a plain HTTP response, before any socket exists, so the
 * client sees a status code and a reason instead of a dropped connection.
 */
export function rejectUpgrade(socket: Duplex, status: number, body: ErrorBody): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const text = JSON.stringify(body);
  // Closed once the answer is written, not when the peer closes its side: the server keeps
  // half-open sockets (allowHalfOpen), and a peer that never closes would hold one forever.
  socket.once("finish", () => socket.destroy());
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? "Error"}\r\n` +
      "Content-Type: application/json; charset=utf-8\r\n" +
      `Content-Length: ${Buffer.byteLength(text)}\r\n` +
      "Connection: close\r\n\r\n" +
      text,
  );
}
