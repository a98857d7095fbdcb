import type { Socket } from "node:net";
import type { WebSocket } from "ws";

/**
 * The TCP socket under a `ws` connection. The hub writes pre-built frames to it directly
 * (see ws-frame.ts): `ws` frames every `send` separately, which is the per-delivery work the
 * hot path avoids. This is safe because, without permessage-deflate, `ws` itself writes each
 * of its own frames (pings, close) to this socket synchronously and whole, so frames never
 * interleave. `_socket` is not in ws's typings, hence the one checked cast, here only.
 */
export function rawSocketOf(ws: WebSocket): Socket {
  const socket = (ws as unknown as { _socket?: Socket })._socket;
  if (socket === undefined || typeof socket.write !== "function") {
    throw new Error("ws did not expose its socket; the direct write path needs ws 8");
  }
  return socket;
}
