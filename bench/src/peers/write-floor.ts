import { createHash } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { EVENT_TYPE, type PlaybackData } from "../payload.js";
import { PEER_HOST, runPeer } from "./peer-runtime.js";

/**
 * Not a hub: the least any Node.js WebSocket server can do per delivery, as a reference row.
 * The handshake by hand, then per event one JSON encoding and one frame, and one
 * `socket.write` of that same buffer per client: no protocol, no backpressure, no ping, no
 * per-client state. The CPU it spends per delivery with evenly spaced events is, on this
 * machine, the price of the `write` system call and of what the kernel does for it.
 */

const WEBSOCKET_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

/** An unmasked text frame, FIN set (RFC 6455 §5.2); payloads here are far below 64 KiB. */
function textFrame(payload: Buffer): Buffer {
  const length = payload.length;
  const header =
    length < 126
      ? Buffer.from([0x81, length])
      : Buffer.from([0x81, 126, (length >> 8) & 0xff, length & 0xff]);
  return Buffer.concat([header, payload]);
}

await runPeer("write-floor", async () => {
  const sockets = new Set<Socket>();
  const http = createServer((_req, res) => {
    res.writeHead(426).end();
  });
  http.on("upgrade", (req, socket: Socket) => {
    const key = req.headers["sec-websocket-key"];
    if (typeof key !== "string") {
      socket.destroy();
      return;
    }
    const accept = createHash("sha1")
      .update(key + WEBSOCKET_GUID)
      .digest("base64");
    socket.setNoDelay(true);
    socket.write(
      "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
        `Sec-WebSocket-Accept: ${accept}\r\n\r\n`,
    );
    sockets.add(socket);
    socket.on("data", () => {}); // whatever the client sends is read and dropped
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => http.listen(0, PEER_HOST, resolve));
  const { port } = http.address() as AddressInfo;
  return {
    port,
    emit: (data: PlaybackData) => {
      const frame = textFrame(Buffer.from(JSON.stringify({ type: EVENT_TYPE, data })));
      for (const socket of sockets) socket.write(frame);
    },
    connections: () => sockets.size,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
});
