import type { Registry } from "prom-client";
import { METRICS_GATHER_TIMEOUT_MS } from "./limits.js";
import { isPrimaryMessage, WORKER_INDEX_VARIABLE, type WorkerMessage } from "./messages.js";

/** A hub running as one worker of a cluster (HUB_WORKERS > 1), seen from the hub's side. */
export interface WorkerRole {
  /** 0..N-1, kept when the primary restarts the worker: the `worker` label of its metrics. */
  readonly index: number;
  /** Answer the primary's requests for this registry (call once, when it exists). */
  serveMetrics(registry: Registry): void;
  /** /metrics of the whole cluster, in the text format, gathered by the primary. */
  scrape(): Promise<string>;
  /** Tell the primary the hub listens at `url`. */
  ready(url: string): void;
}

/**
 * Joins the primary's IPC channel: `onShutdown` runs when the primary asks every worker to
 * drain, or when the primary is gone (its channel closed), so no worker outlives it;
 * `onExitNow` when the primary was signalled a second time.
 */
export function joinCluster(onShutdown: () => void, onExitNow: () => void): WorkerRole {
  const index = Number(process.env[WORKER_INDEX_VARIABLE] ?? "0");
  let registry: Registry | undefined;
  let nextScrape = 0;
  const scrapes = new Map<number, (text: string) => void>();

  process.on("message", (message: unknown) => {
    if (!isPrimaryMessage(message)) return;
    switch (message.type) {
      case "pulseboard:shutdown":
        onShutdown();
        return;
      case "pulseboard:exit-now":
        onExitNow();
        return;
      case "pulseboard:metrics-request":
        void registry
          ?.getMetricsAsJSON()
          .then((metrics) => send({ type: "pulseboard:metrics", id: message.id, metrics }));
        return;
      case "pulseboard:scrape-result":
        scrapes.get(message.id)?.(message.text);
        return;
    }
  });
  process.on("disconnect", onShutdown);

  return {
    index,
    serveMetrics(own) {
      registry = own;
    },
    scrape() {
      const id = nextScrape++;
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          scrapes.delete(id);
          reject(new Error("the cluster primary did not answer the scrape"));
        }, METRICS_GATHER_TIMEOUT_MS * 2);
        scrapes.set(id, (text) => {
          clearTimeout(timer);
          scrapes.delete(id);
          resolve(text);
        });
        send({ type: "pulseboard:scrape", id });
      });
    },
    ready(url) {
      send({ type: "pulseboard:ready", url });
    },
  };
}

function send(message: WorkerMessage): void {
  if (process.connected) process.send?.(message, undefined, {}, () => {});
}
