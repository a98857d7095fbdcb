import type { IncomingMessage } from "node:http";
import type { Socket } from "node:net";
import type { Duplex } from "node:stream";
import { CloseCode, ErrorCode } from "@pulseboard/protocol";
import type { WebSocketServer } from "ws";
import { authenticate, originAllowed } from "./auth/authenticate.js";
import type { TokenVerifier } from "./auth/verifier.js";
import { clientAddress } from "./client-address.js";
import { parseConnectRequest } from "./connect-request.js";
import type { ConnectionLimiter } from "./connection-limiter.js";
import { MIN_RETRY_MS } from "./defaults.js";
import { rejectUpgrade } from "./http-responses.js";
import type { Hub } from "./hub.js";
import type { Logger } from "./logger.js";
import type { PendingConnections } from "./pending-connections.js";

export interface UpgradeOptions {
  hub: Hub;
  wss: WebSocketServer;
  verifier: TokenVerifier;
  limiter: ConnectionLimiter;
  logger: Logger;
  defaultRooms: readonly string[];
  allowedOrigins: readonly string[] | undefined;
  trustProxy: boolean;
  reconnectSpreadMs: number;
  isDraining: () => boolean;
  /** Told when the upgrade completes: the socket is a WebSocket connection from then on. */
  pending?: PendingConnections;
  /** Counts refused upgrades by their error code. */
  onRejected?: (error: string) => void;
}

/**
 * Admission of a WebSocket upgrade, in order: draining (503), Origin (403), per-address
 * limit (429), token (401; a cookie token from a page the hub does not trust: 403), readable
 * rooms (403). Every refusal is an HTTP response with a
 * JSON body, before any socket exists. Past the total connection limit the upgrade completes
 * and is closed with 1013 and a retry hint, which (unlike an HTTP status) a browser can read.
 */
export function admitUpgrade(
  options: UpgradeOptions,
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  params: URLSearchParams,
): void {
  const reject = (status: number, error: string, message: string) => {
    options.onRejected?.(error);
    rejectUpgrade(socket, status, { error, message });
  };
  if (options.isDraining()) {
    reject(503, "draining", "hub is shutting down");
    return;
  }
  const origin = req.headers.origin;
  // No Origin means no browser, and cross-site WebSocket hijacking needs a browser.
  if (!originAllowed(origin, options.allowedOrigins)) {
    reject(403, "origin_not_allowed", `origin ${origin} is not allowed`);
    return;
  }
  const address = clientAddress(req, options.trustProxy);
  const slot = options.limiter.acquire(address);
  if (slot === "address") {
    reject(429, "too_many_connections", "too many connections from your address");
    return;
  }
  const overCapacity = slot === "total";
  const refuse = (status: number, error: string, message: string) => {
    if (!overCapacity) options.limiter.release(address);
    reject(status, error, message);
  };
  authorize(options, req, socket, head, params, refuse, address, overCapacity).catch(
    (error: unknown) => {
      options.logger.error({ err: error }, "upgrade failed");
      refuse(500, "internal", "internal error");
    },
  );
}

async function authorize(
  options: UpgradeOptions,
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  params: URLSearchParams,
  refuse: (status: number, error: string, message: string) => void,
  address: string,
  overCapacity: boolean,
): Promise<void> {
  const authenticated = await authenticate(options, req, params);
  if (!authenticated.ok) {
    refuse(authenticated.status, authenticated.error, authenticated.message);
    return;
  }
  const principal = authenticated.principal;

  const request = parseConnectRequest(params);
  const requested = request.rooms ?? options.defaultRooms;
  const { granted, denied } = principal.access.partition(requested);
  if (granted.length === 0 && requested.length > 0) {
    refuse(403, ErrorCode.FORBIDDEN, "your token grants none of the requested rooms");
    return;
  }
  if (socket.destroyed) {
    if (!overCapacity) options.limiter.release(address);
    return;
  }
  const problems = [
    ...request.problems,
    ...denied.map((room) => ({
      code: ErrorCode.FORBIDDEN,
      message: `your token does not grant room ${room}`,
    })),
  ];

  options.wss.handleUpgrade(req, socket, head, (ws) => {
    options.pending?.settle(socket as Socket);
    if (overCapacity) {
      const retryMs = MIN_RETRY_MS + Math.floor(Math.random() * options.reconnectSpreadMs);
      ws.close(CloseCode.TRY_AGAIN_LATER, JSON.stringify({ retry_ms: retryMs }));
      return;
    }
    const client = options.hub.accept(
      ws,
      { ...request, rooms: granted, problems },
      principal,
      options.limiter.releaseConnection,
    );
    // Before any close can run: releaseConnection gives back the slot of this address.
    client.address = address;
  });
}
