import type { Socket } from "node:net";
import type { WebSocket } from "ws";

/**
 * The TCP socket under a `ws` connection. The hub writes pre-built frames to it directly
 * (see ws-frame.ts): `ws` frames every `send` separately, which is the per-delivery work the
 * hot path avoids. Two assumptions about `ws` make this safe, and both are checked here, when
 * a connection is accepted, rather than trusted:
 *
 * - no extension was negotiated: with permessage-deflate, frames would have to be compressed
 *   per connection (and `ws` would write its own asynchronously, interleaving with ours);
 *   without it, `ws` writes each of its own frames (pings, close) synchronously and whole;
 * - `ws` keeps its socket in `_socket` (ws 8). It is not in ws's typings, hence the one
 *   checked cast, here only.
 */
export function rawSocketOf(ws: WebSocket): Socket {
  if (ws.extensions !== "") {
    throw new Error(`extension negotiated (${ws.extensions}): the direct write path needs none`);
  }
  const socket = (ws as unknown as { _socket?: Socket })._socket;
  if (socket === undefined || typeof socket.write !== "function") {
    throw new Error("ws did not expose its socket; the direct write path needs ws 8");
  }
  return socket;
}
