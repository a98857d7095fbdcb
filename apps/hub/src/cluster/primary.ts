import cluster, { type Worker } from "node:cluster";
import { Counter, collectDefaultMetrics, Gauge, Registry } from "prom-client";
import type { HubConfig } from "../config.js";
import { BROKER_CLOSE_TIMEOUT_MS } from "../defaults.js";
import type { Logger } from "../logger.js";
import {
  MAX_WORKER_RESTARTS,
  PRIMARY_SHUTDOWN_GRACE_MS,
  WORKER_RESTART_DELAY_MS,
  WORKER_RESTART_WINDOW_MS,
} from "./limits.js";
import { isWorkerMessage, type PrimaryMessage, WORKER_INDEX_VARIABLE } from "./messages.js";
import { MetricsGathering } from "./metrics-gathering.js";
import { RestartBudget } from "./restart-budget.js";

/**
 * The cluster primary (HUB_WORKERS > 1): it runs no hub. It forks one hub per worker, each a
 * full hub with its own live feed on the shared NATS, sharing the listening port (Node's
 * cluster module hands accepted connections to the workers in turn). It restarts a worker that
 * dies (within a budget), answers scrapes with every worker's metrics, and on SIGTERM/SIGINT
 * tells every worker to drain, exiting 0 once all have exited 0.
 */
export function runPrimary(config: HubConfig, logger: Logger): void {
  const workers = new Map<number, Worker>();
  const ready = new Set<number>();
  const budget = new RestartBudget(MAX_WORKER_RESTARTS, WORKER_RESTART_WINDOW_MS);
  const registry = primaryRegistry(() => workers.size);
  const gathering = new MetricsGathering(registry.registry);
  let announced = false;
  let stopping = false;
  let exitCode = 0;

  const fork = (index: number) => {
    const worker = cluster.fork({ [WORKER_INDEX_VARIABLE]: String(index) });
    workers.set(index, worker);
    worker.on("message", (message: unknown) => {
      if (!isWorkerMessage(message)) return;
      switch (message.type) {
        case "pulseboard:ready":
          ready.add(index);
          if (!announced && ready.size === config.workers) {
            announced = true;
            const ws = `${message.url.replace(/^http/, "ws")}/ws`;
            logger.info({ url: message.url, workers: config.workers }, "hub workers listening");
            process.stderr.write(
              `\nPulseboard hub ready: ${message.url}  (WebSocket: ${ws}, ${config.workers} workers)\n\n`,
            );
          }
          return;
        case "pulseboard:metrics":
          gathering.answered(message.id, message.metrics);
          return;
        case "pulseboard:scrape":
          void gathering.text(workers.values()).then(
            (text) => send(worker, { type: "pulseboard:scrape-result", id: message.id, text }),
            (error: unknown) => {
              logger.error({ err: error }, "gathering worker metrics failed");
              send(worker, { type: "pulseboard:scrape-result", id: message.id, text: "" });
            },
          );
          return;
      }
    });
    worker.on("exit", (code, signal) => {
      if (workers.get(index) === worker) workers.delete(index);
      if (stopping) {
        if (code !== 0) exitCode = 1;
        logger.info({ worker: index, code, signal }, "worker exited");
        if (workers.size === 0) finish();
        return;
      }
      if (!budget.take()) {
        logger.fatal(
          { worker: index, code, signal, restarts: MAX_WORKER_RESTARTS },
          "workers keep dying: stopping every worker",
        );
        exitCode = 1;
        stop();
        return;
      }
      registry.restarts.inc();
      logger.error({ worker: index, code, signal }, "worker died: restarting it");
      setTimeout(() => {
        if (!stopping) fork(index);
      }, WORKER_RESTART_DELAY_MS);
    });
  };

  const finish = () => {
    logger.info({ exit_code: exitCode }, "every worker exited");
    process.exit(exitCode);
  };

  const stop = () => {
    stopping = true;
    if (workers.size === 0) finish();
    for (const worker of workers.values()) send(worker, { type: "pulseboard:shutdown" });
    // The workers keep their own deadline; this one only catches a worker that hangs anyway.
    setTimeout(
      () => {
        logger.error("workers did not exit in time: killing them");
        for (const worker of workers.values()) worker.process.kill("SIGKILL");
        process.exit(1);
      },
      config.shutdownMs + BROKER_CLOSE_TIMEOUT_MS + PRIMARY_SHUTDOWN_GRACE_MS,
    ).unref();
  };

  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      // A second signal: the workers give up their drain and exit 1 (main.ts), and so do we.
      // Said over IPC, not with a signal: a worker takes a signal while it drains for a copy of
      // the first one (a process-group signal reaches every process, see main.ts).
      logger.warn({ signal }, "second signal: workers exit now");
      exitCode = 1;
      for (const worker of workers.values()) send(worker, { type: "pulseboard:exit-now" });
      return;
    }
    logger.info({ signal, workers: workers.size }, "shutting down every worker");
    stop();
  };
  process.on("SIGTERM", onSignal);
  process.on("SIGINT", onSignal);

  logger.info({ workers: config.workers }, "starting hub workers");
  for (let index = 0; index < config.workers; index++) fork(index);
}

function send(worker: Worker, message: PrimaryMessage): void {
  if (worker.isConnected()) worker.send(message, () => {});
}

/** The primary's own series (labelled `worker="primary"`), merged into every scrape. */
function primaryRegistry(running: () => number) {
  const registry = new Registry();
  registry.setDefaultLabels({ worker: "primary" });
  collectDefaultMetrics({ register: registry });
  new Gauge({
    name: "pulseboard_workers",
    help: "Hub worker processes running (HUB_WORKERS)",
    registers: [registry],
    collect() {
      this.set(running());
    },
  });
  const restarts = new Counter({
    name: "pulseboard_worker_restarts_total",
    help: "Hub workers restarted after they died",
    registers: [registry],
  });
  return { registry, restarts };
}
