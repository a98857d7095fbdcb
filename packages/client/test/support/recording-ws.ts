import type { Socket } from "node:net";
import WebSocket from "ws";

/** The `ws` client, recording every URL the connection dials and every socket it opens. */
export function recordingWebSocket() {
  const urls: URL[] = [];
  const sockets: WebSocket[] = [];
  class RecordingWebSocket extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols);
      urls.push(new URL(url));
      sockets.push(this);
    }
  }
  return { WebSocket: RecordingWebSocket, urls, sockets };
}

/**
 * Stops reading `socket`'s TCP stream, as a frozen tab or an overloaded consumer would: the
 * kernel buffers fill and the hub's backlog grows. Relies on `ws` keeping the net.Socket of an
 * open connection in `_socket`; checked here so a `ws` upgrade that changes it fails loudly.
 */
export function stopReading(socket: WebSocket): Socket {
  const raw = (socket as unknown as { _socket?: Socket })._socket;
  if (raw === undefined || typeof raw.pause !== "function") {
    throw new Error("ws no longer exposes the net.Socket of an open connection as _socket");
  }
  raw.pause();
  return raw;
}
