import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Socket } from "node:net";
import type { Duplex } from "node:stream";
import { SUBPROTOCOL } from "@pulseboard/protocol";
import { WebSocketServer } from "ws";
import type { TokenVerifier } from "./auth/verifier.js";
import type { ConnectionLimiter } from "./connection-limiter.js";
import { REQUEST_TIMEOUT_MS } from "./defaults.js";
import { rejectUpgrade, sendJson } from "./http-responses.js";
import type { Hub } from "./hub.js";
import type { Logger } from "./logger.js";
import type { HubMetrics } from "./metrics.js";
import type { PendingConnections } from "./pending-connections.js";
import { ROOMS_PREFIX } from "./rooms-api.js";
import { TESTING_PREFIX } from "./testing-api.js";
import { admitUpgrade } from "./upgrade.js";

export const WEBSOCKET_PATHS = new Set(["/ws", "/api/v1/ws"]);

export interface HttpServerOptions {
  hub: Hub;
  metrics: HubMetrics;
  logger: Logger;
  maxPayload: number;
  verifier: TokenVerifier;
  limiter: ConnectionLimiter;
  defaultRooms: readonly string[];
  allowedOrigins: readonly string[] | undefined;
  trustProxy: boolean;
  reconnectSpreadMs: number;
  /** Longest a connection may take to send its request headers; then 408 and closed. */
  headerTimeoutMs: number;
  /** Connections that are not WebSocket connections yet, capped in total and per address. */
  pending: PendingConnections;
  onRejected?: (error: string) => void;
  /** True once shutdown started: not ready, no new connections. */
  isDraining: () => boolean;
  publish: (req: IncomingMessage, res: ServerResponse) => Promise<void>;
  /** A room's history: `/api/v1/rooms/{room}/events|state` (rooms-api.ts). */
  rooms?: (req: IncomingMessage, res: ServerResponse) => Promise<void>;
  /** The operator API: `/api/v1/admin/*` and `/api/v1/presence` (operator/routes.ts). */
  operator?: (req: IncomingMessage, res: ServerResponse) => Promise<void>;
  /** `/api/v1/testing/*`, only with HUB_TESTING_API=1 (testing-api.ts). */
  testing?: (req: IncomingMessage, res: ServerResponse) => Promise<void>;
}

/**
 * HTTP routes and the WebSocket upgrade. Knows nothing of fan-out: an accepted socket is
 * handed to the hub.
 */
export function createHttpServer(options: HttpServerOptions): Server {
  const { logger } = options;
  const wss = new WebSocketServer({
    noServer: true,
    clientTracking: false,
    maxPayload: options.maxPayload,
    // Compression would cost CPU on every fan-out write; see PROTOCOL.md "Transport".
    perMessageDeflate: false,
    handleProtocols: (offered) => (offered.has(SUBPROTOCOL) ? SUBPROTOCOL : false),
  });

  const server = createServer(
    {
      // Node checks these deadlines on a timer (connectionsCheckingInterval, 30 s by default),
      // so a stalled socket would live up to headersTimeout + 30 s: check often enough that it
      // is closed (408, then destroyed) soon after its deadline.
      headersTimeout: options.headerTimeoutMs,
      requestTimeout: Math.max(REQUEST_TIMEOUT_MS, options.headerTimeoutMs),
      connectionsCheckingInterval: checkingInterval(options.headerTimeoutMs),
    },
    (req, res) => {
      // A socket that completed a request is evicted last by the pending caps (see there).
      res.once("finish", () => options.pending.completedRequest(req.socket));
      route(options, req, res).catch((error: unknown) => {
        // The path only: a query string may carry a token (access_token).
        logger.error({ err: error, method: req.method, path: pathOf(req) }, "request failed");
        if (!res.headersSent) sendJson(res, 500, { error: "internal", message: "internal error" });
        else res.destroy();
      });
    },
  );
  server.on("connection", (socket: Socket) => options.pending.admit(socket));

  // One listener function for every upgraded socket, which keeps it for its whole life.
  const onUpgradeSocketError = (error: Error) =>
    logger.debug({ err: error }, "upgrade socket error");
  server.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on("error", onUpgradeSocketError);
    const url = new URL(req.url ?? "/", "http://hub.invalid");
    if (!WEBSOCKET_PATHS.has(url.pathname)) {
      rejectUpgrade(socket, 404, { error: "not_found", message: "WebSocket endpoint is /ws" });
      return;
    }
    admitUpgrade({ ...options, wss }, req, socket, head, url.searchParams);
  });

  return server;
}

/** How often Node looks for connections past their header deadline: a fraction of it, ≤ 1 s. */
export function checkingInterval(headerTimeoutMs: number): number {
  return Math.min(1_000, Math.max(50, Math.floor(headerTimeoutMs / 4)));
}

/** The request's path without its query string (which may hold `access_token`), for logs. */
export function pathOf(req: IncomingMessage): string {
  const url = req.url ?? "/";
  const query = url.indexOf("?");
  return query === -1 ? url : url.slice(0, query);
}

async function route(
  options: HttpServerOptions,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const { pathname } = new URL(req.url ?? "/", "http://hub.invalid");
  if (pathname === "/api/v1/publish") return options.publish(req, res);
  if (options.rooms && pathname.startsWith(ROOMS_PREFIX)) return options.rooms(req, res);
  if (
    options.operator &&
    (pathname.startsWith("/api/v1/admin/") || pathname === "/api/v1/presence")
  ) {
    return options.operator(req, res);
  }
  if (options.testing && pathname.startsWith(TESTING_PREFIX)) return options.testing(req, res);
  if (WEBSOCKET_PATHS.has(pathname)) {
    res.setHeader("upgrade", "websocket");
    sendJson(res, 426, { error: "upgrade_required", message: "connect with a WebSocket client" });
    return;
  }
  if (req.method !== "GET" && req.method !== "HEAD") {
    res.setHeader("allow", "GET, HEAD");
    sendJson(res, 405, { error: "method_not_allowed", message: "use GET" });
    return;
  }
  switch (pathname) {
    case "/healthz":
      sendJson(res, 200, { status: "ok" });
      return;
    case "/readyz": {
      const brokerReady = options.hub.broker.ready;
      const draining = options.isDraining();
      const ready = brokerReady && !draining;
      sendJson(res, ready ? 200 : 503, {
        status: ready ? "ready" : "not_ready",
        broker: brokerReady ? "connected" : "disconnected",
        draining,
      });
      return;
    }
    case "/metrics": {
      const body = await options.metrics.scrape();
      res.writeHead(200, { "content-type": options.metrics.registry.contentType });
      res.end(body);
      return;
    }
    default:
      sendJson(res, 404, { error: "not_found", message: `no route ${pathname}` });
  }
}
