import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Server } from "socket.io";
import { EVENT_TYPE } from "../payload.js";
import { PEER_HOST, runPeer } from "./peer-runtime.js";

/**
 * Socket.IO 4 broadcasting with `io.emit` (which encodes each packet once for all sockets).
 * WebSocket transport only and no compression, like the other peers; defaults otherwise.
 */
await runPeer("socketio", async () => {
  const http = createServer();
  const io = new Server(http, {
    transports: ["websocket"],
    serveClient: false,
    perMessageDeflate: false,
    httpCompression: false,
  });
  await new Promise<void>((resolve) => http.listen(0, PEER_HOST, resolve));
  const { port } = http.address() as AddressInfo;
  return {
    port,
    emit: (data) => {
      io.emit(EVENT_TYPE, data);
    },
    connections: () => io.engine.clientsCount,
    close: () => new Promise<void>((resolve) => io.close(() => resolve())),
  };
});
