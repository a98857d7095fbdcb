import type { IncomingMessage, ServerResponse } from "node:http";
import type { TokenVerifier } from "../auth/verifier.js";
import type { Hub } from "../hub.js";
import type { Logger } from "../logger.js";
import { ClusterBus } from "./cluster-bus.js";
import { OperatorCredential } from "./credential.js";
import { describeHub } from "./hub-status.js";
import { createOperationHandler } from "./operations.js";
import type { Revocations } from "./revocations.js";
import { createOperatorRoutes } from "./routes.js";

export interface OperatorApiOptions {
  /** HUB_ADMIN_TOKEN; unset: the HTTP routes answer 404 (the hub still answers other hubs). */
  adminToken: string | undefined;
  /** HUB_ADMIN_WAIT_MS: how long a cluster-wide request waits for the other hubs. */
  waitMs: number;
  hub: Hub;
  verifier: TokenVerifier;
  revocations: Revocations;
  logger: Logger;
}

export interface OperatorApi {
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
  start(): void;
  stop(): void;
}

/** The operator API of one hub: its HTTP routes and its part in cluster-wide requests. */
export function createOperatorApi(options: OperatorApiOptions): OperatorApi {
  const { hub } = options;
  const cluster = new ClusterBus({
    bus: hub.broker,
    hubId: hub.collab.hubId,
    peers: () => hub.collab.peers,
    waitMs: options.waitMs,
    logger: options.logger,
    handle: createOperationHandler(
      () => hub.clients,
      options.revocations,
      (room) => hub.roomRates.rate(room),
      () => describeHub(hub),
    ),
  });
  const handle = createOperatorRoutes({
    credential:
      options.adminToken === undefined ? undefined : new OperatorCredential(options.adminToken),
    verifier: options.verifier,
    cluster,
    members: (room) => hub.collab.members(room),
    stream: hub.broker,
    revocations: options.revocations,
  });
  return { handle, start: () => cluster.start(), stop: () => cluster.stop() };
}
