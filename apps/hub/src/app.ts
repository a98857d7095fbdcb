import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { TokenVerifier } from "./auth/verifier.js";
import type { Broker } from "./broker/broker.js";
import { createBroker } from "./broker/create-broker.js";
import type { WorkerRole } from "./cluster/worker.js";
import type { HubConfig } from "./config.js";
import { ConnectionLimiter } from "./connection-limiter.js";
import { BROKER_CLOSE_TIMEOUT_MS } from "./defaults.js";
import { startDemoProducer } from "./demo/producer.js";
import { Hub } from "./hub.js";
import { createLogger, type Logger } from "./logger.js";
import {
  createMetrics,
  type HubMetrics,
  registerHubMetrics,
  registerLimitMetrics,
  registerPendingMetrics,
} from "./metrics.js";
import { createRevocations } from "./operator/create-revocations.js";
import { createOperatorApi } from "./operator/operator-api.js";
import { PendingConnections } from "./pending-connections.js";
import { createPublishHandler } from "./publish-api.js";
import { createRoomsApi } from "./rooms-api.js";
import { createHttpServer } from "./server.js";
import { createTestingApi } from "./testing-api.js";

export interface HubApp {
  readonly hub: Hub;
  readonly broker: Broker;
  readonly server: Server;
  readonly metrics: HubMetrics;
  /** Listens on the configured host and port; resolves with the base URL (http://host:port). */
  start(): Promise<{ url: string; port: number }>;
  /**
   * Graceful shutdown: not ready, no new connections, every client closed with 1001 and a
   * randomized `retry_ms`, broker drained. Resolves within `config.shutdownMs` (+ broker grace).
   */
  shutdown(): Promise<void>;
}

/** Wires config → broker → hub → HTTP server. The composition root, free of process globals. */
export function createHubApp(
  config: HubConfig,
  logger: Logger = createLogger(config.logLevel),
  /** Set when this hub is one worker of several (HUB_WORKERS > 1). */
  worker?: WorkerRole,
): HubApp {
  const metrics = createMetrics();
  if (worker) {
    metrics.registry.setDefaultLabels({ worker: String(worker.index) });
    worker.serveMetrics(metrics.registry);
    metrics.scrape = () => worker.scrape();
  }
  const revocations = createRevocations(config, logger, () => hub.clients);
  const verifier = TokenVerifier.create(
    { ...config.auth, defaultRooms: config.defaultRooms },
    revocations.check,
  );
  if (!verifier.enabled) {
    logger.warn("HUB_AUTH=none: authentication is off, every client may read every room");
  }
  const hub = new Hub({
    broker: createBroker(config, logger, () => hub.stats.invalidEvents++),
    logger,
    defaultRooms: config.defaultRooms,
    heartbeatMs: config.heartbeatMs,
    reconnectSpreadMs: config.reconnectSpreadMs,
    observeLatency: (seconds) => metrics.eventLatency.observe(seconds),
    connection: config.connection,
    auth: { verifier, leewaySeconds: config.auth.leewaySeconds },
    catchUp: config.catchUp,
    presence: config.presence,
  });
  const broker = hub.broker;
  registerHubMetrics(metrics.registry, hub);
  registerLimitMetrics(metrics.registry, config.limits);
  const pending = new PendingConnections({
    maxTotal: config.limits.maxPendingConnections,
    // Behind a proxy every peer address is the proxy's: only the total cap means anything.
    maxPerAddress: config.trustProxy ? undefined : config.limits.maxPendingPerIp,
    onDrop: (reason) => metrics.pendingDrops.inc({ reason }),
  });
  registerPendingMetrics(metrics.registry, pending);

  const operator = createOperatorApi({
    adminToken: config.admin.token,
    waitMs: config.admin.waitMs,
    hub,
    verifier,
    revocations,
    logger,
  });

  let draining = false;
  let demo: { stop(): void } | undefined;
  const server = createHttpServer({
    hub,
    metrics,
    logger,
    maxPayload: config.maxPayload,
    verifier,
    limiter: new ConnectionLimiter(config.limits.maxConnections, config.limits.maxConnectionsPerIp),
    defaultRooms: config.defaultRooms,
    allowedOrigins: config.allowedOrigins,
    trustProxy: config.trustProxy,
    reconnectSpreadMs: config.reconnectSpreadMs,
    headerTimeoutMs: config.limits.headerTimeoutMs,
    pending,
    onRejected: (error) => metrics.upgradeRejections.inc({ error }),
    isDraining: () => draining,
    publish: createPublishHandler({
      token: config.publishToken,
      broker,
      logger,
      onPublished: (count) => metrics.publishedEvents.inc(count),
    }),
    operator: operator.handle,
    ...(config.testingApi ? { testing: createTestingApi(hub) } : {}),
    rooms: createRoomsApi({
      history: hub.history,
      ready: () => broker.ready,
      verifier,
      allowedOrigins: config.allowedOrigins,
      logger,
    }),
  });

  if (config.testingApi) {
    logger.warn("HUB_TESTING_API=1: /api/v1/testing/* shows and ends every connection; tests only");
  }

  return {
    hub,
    broker,
    server,
    metrics,
    async start() {
      await broker.start();
      await revocations.start();
      await hub.start();
      operator.start();
      await new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        server.listen(config.port, config.host, () => {
          server.off("error", reject);
          resolve();
        });
      });
      const { port } = server.address() as AddressInfo;
      const host = config.host.includes(":") ? `[${config.host}]` : config.host;
      // One demo producer per machine, not one per worker (the rate is per room).
      if (config.demo.enabled && (worker?.index ?? 0) === 0) {
        demo = startDemoProducer({
          publish: async (events) => (await broker.publish(events)).seqs,
          rooms: config.demo.rooms,
          logger,
          rate: config.demo.rate,
        });
      }
      return { url: `http://${host}:${port}`, port };
    },
    async shutdown() {
      if (draining) return;
      draining = true;
      demo?.stop();
      operator.stop();
      // Keep listening while clients drain: load balancers polling /readyz get a clear 503
      // and late upgrades are refused with 503 instead of a refused connection.
      await hub.closeAll(config.shutdownMs);
      server.close();
      server.closeIdleConnections();
      await withTimeout(broker.close(), BROKER_CLOSE_TIMEOUT_MS).catch((error: unknown) =>
        logger.warn({ err: error }, "broker did not close cleanly"),
      );
      await revocations.stop().catch(() => {});
      server.closeAllConnections();
    },
  };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
