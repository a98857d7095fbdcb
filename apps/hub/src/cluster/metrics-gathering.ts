import type { Worker } from "node:cluster";
import { AggregatorRegistry, type Registry } from "prom-client";
import { METRICS_GATHER_TIMEOUT_MS } from "./limits.js";
import type { RegistryJson } from "./messages.js";

/**
 * The primary's side of a scrape: asks every connected worker for its registry, waits for the
 * answers (a worker that does not answer in time is left out rather than failing the scrape)
 * and merges them with the primary's own. Every worker labels its series `worker="<index>"`, so
 * merging keeps one series per worker; nothing is summed across workers.
 */
export class MetricsGathering {
  private nextId = 0;
  private readonly waiting = new Map<number, (metrics: RegistryJson) => void>();

  constructor(private readonly own: Registry) {}

  async text(workers: Iterable<Worker>): Promise<string> {
    const answers = await Promise.all(
      [...workers].filter((worker) => worker.isConnected()).map((worker) => this.ask(worker)),
    );
    const all = [await this.own.getMetricsAsJSON(), ...answers.filter((a) => a !== undefined)];
    return AggregatorRegistry.aggregate(all).metrics();
  }

  /** A worker's answer to a `metrics-request`. */
  answered(id: number, metrics: RegistryJson): void {
    this.waiting.get(id)?.(metrics);
  }

  private ask(worker: Worker): Promise<RegistryJson | undefined> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => settle(undefined), METRICS_GATHER_TIMEOUT_MS);
      const settle = (metrics: RegistryJson | undefined) => {
        clearTimeout(timer);
        this.waiting.delete(id);
        resolve(metrics);
      };
      this.waiting.set(id, settle);
      worker.send({ type: "pulseboard:metrics-request", id }, (error: Error | null) => {
        if (error) settle(undefined);
      });
    });
  }
}
