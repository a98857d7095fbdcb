import cluster from "node:cluster";
import { runPrimary } from "./cluster/primary.js";
import { joinCluster, type WorkerRole } from "./cluster/worker.js";
import { ConfigError, type HubConfig, loadConfig } from "./config.js";
import { BROKER_CLOSE_TIMEOUT_MS } from "./defaults.js";
import { createLogger, type Logger } from "./logger.js";

/**
 * Process entry: config from the environment, signals, exit codes. With HUB_WORKERS > 1 this
 * process is the cluster primary (cluster/primary.ts) and each worker runs `runHub`.
 */
async function main(): Promise<void> {
  let config: HubConfig;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`pulseboard-hub: ${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const logger = createLogger(config.logLevel);
  if (config.workers > 1 && cluster.isPrimary) {
    runPrimary(config, logger.child({ worker: "primary" }));
    return;
  }
  await runHub(config, logger);
}

/** One hub in this process: alone, or as a worker of the cluster. */
async function runHub(config: HubConfig, baseLogger: Logger): Promise<void> {
  // Loaded here, not at the top: the cluster primary runs no hub and stays small without it.
  const { createHubApp } = await import("./app.js");
  let stopping = false;
  /**
   * A second signal while stopping exits at once. Not in a worker: a signal sent to the whole
   * process group (Ctrl-C, `timeout`, systemd's default stop) reaches the primary and every
   * worker, in any order with the primary's own request, so a worker takes it for the first
   * signal again; the primary tells its workers about a real second one over IPC (`exit-now`).
   */
  const stop = (reason: NodeJS.Signals | "primary" | "exit-now") => {
    if (reason === "exit-now") {
      logger.warn("the primary was signalled again: exiting now");
      process.exit(1);
    }
    if (stopping) {
      if (worker !== undefined) return;
      logger.warn({ signal: reason }, "second signal: exiting now");
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal: reason, deadline_ms: config.shutdownMs }, "shutting down");
    // The deadline is a promise to the orchestrator: never overrun it by much.
    setTimeout(
      () => {
        logger.error("shutdown deadline passed; exiting");
        process.exit(1);
      },
      config.shutdownMs + BROKER_CLOSE_TIMEOUT_MS + 1_000,
    ).unref();
    app.shutdown().then(
      () => {
        logger.info("shutdown complete");
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ err: error }, "shutdown failed");
        process.exit(1);
      },
    );
  };
  const worker: WorkerRole | undefined = cluster.isWorker
    ? joinCluster(
        () => stop("primary"),
        () => stop("exit-now"),
      )
    : undefined;
  const logger = worker ? baseLogger.child({ worker: worker.index }) : baseLogger;
  const app = createHubApp(config, logger, worker);
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);

  const { url } = await app.start();
  const wsUrl = `${url.replace(/^http/, "ws")}/ws`;
  logger.info(
    {
      url,
      ws: wsUrl,
      broker: config.natsUrl === undefined ? "memory" : "nats",
      demo: config.demo.enabled,
      pid: process.pid,
    },
    "hub listening",
  );
  // A worker's primary announces the hub once every worker listens.
  if (worker) worker.ready(url);
  else process.stderr.write(`\nPulseboard hub ready: ${url}  (WebSocket: ${wsUrl})\n\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`pulseboard-hub: failed to start: ${String(error)}\n`);
  process.exit(1);
});
