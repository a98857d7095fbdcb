import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { type WebSocket, WebSocketServer } from "ws";
import { EVENT_TYPE, type PlaybackData } from "../payload.js";
import { PEER_HOST, runPeer } from "./peer-runtime.js";

/**
 * The straightforward port of a gorilla/websocket hub: a set of clients, and a broadcast loop
 * that JSON-encodes the message for each client (WriteJSON in every client's write pump).
 * Like gorilla's bounded send channel, a client that falls too far behind is dropped; JSON
 * `ping` gets `pong`; the server pings every 30 s and drops peers that stop answering.
 */
const MAX_BUFFERED_BYTES = 1024 * 1024;
const PING_MS = 30_000;

await runPeer("naive-ws", async () => {
  const http = createServer((_req, res) => {
    res.writeHead(426).end();
  });
  const wss = new WebSocketServer({
    server: http,
    path: "/ws",
    perMessageDeflate: false,
    clientTracking: false,
    maxPayload: 64 * 1024,
  });
  const clients = new Set<WebSocket>();
  const alive = new WeakSet<WebSocket>();

  wss.on("connection", (ws) => {
    clients.add(ws);
    alive.add(ws);
    ws.on("close", () => clients.delete(ws));
    ws.on("error", () => clients.delete(ws));
    ws.on("pong", () => alive.add(ws));
    ws.on("message", (raw) => {
      alive.add(ws);
      try {
        const message = JSON.parse(String(raw)) as { type?: unknown };
        if (message.type === "ping") ws.send(JSON.stringify({ type: "pong", data: null }));
      } catch {
        // not JSON: ignored, as the Go hub does
      }
    });
  });

  const heartbeat = setInterval(() => {
    for (const ws of clients) {
      if (!alive.has(ws)) {
        clients.delete(ws);
        ws.terminate();
        continue;
      }
      alive.delete(ws);
      ws.ping();
    }
  }, PING_MS);
  heartbeat.unref();

  await new Promise<void>((resolve) => http.listen(0, PEER_HOST, resolve));
  const { port } = http.address() as AddressInfo;
  return {
    port,
    emit: (data: PlaybackData) => {
      const message = { type: EVENT_TYPE, data };
      for (const ws of clients) {
        if (ws.bufferedAmount > MAX_BUFFERED_BYTES) {
          clients.delete(ws);
          ws.terminate();
          continue;
        }
        ws.send(JSON.stringify(message));
      }
    },
    connections: () => clients.size,
    close: async () => {
      clearInterval(heartbeat);
      for (const ws of clients) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
});
