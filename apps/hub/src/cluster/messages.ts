import type { Registry } from "prom-client";

/**
 * What the cluster primary and its hub workers say to each other over Node's IPC channel.
 * Every message carries a `pulseboard:` type so nothing else on the channel (Node's own
 * cluster messages) is taken for one of ours.
 */

/** A worker's metrics as prom-client serializes a registry (`getMetricsAsJSON`). */
export type RegistryJson = Awaited<ReturnType<Registry["getMetricsAsJSON"]>>;

export type PrimaryMessage =
  /** Drain and exit, as on SIGTERM; ignored by a worker that is draining already. */
  | { type: "pulseboard:shutdown" }
  /** Give up the drain and exit 1: a second signal reached the primary. */
  | { type: "pulseboard:exit-now" }
  /** Send your registry (for a scrape some worker is answering). */
  | { type: "pulseboard:metrics-request"; id: number }
  /** The answer to a worker's `scrape`: every worker's metrics, in the text format. */
  | { type: "pulseboard:scrape-result"; id: number; text: string };

export type WorkerMessage =
  /** The worker's hub listens (the primary announces the hub once every worker does). */
  | { type: "pulseboard:ready"; url: string }
  | { type: "pulseboard:metrics"; id: number; metrics: RegistryJson }
  /** A scrape of /metrics reached this worker: the primary gathers every worker's metrics. */
  | { type: "pulseboard:scrape"; id: number };

export function isPrimaryMessage(message: unknown): message is PrimaryMessage {
  return hasPulseboardType(message);
}

export function isWorkerMessage(message: unknown): message is WorkerMessage {
  return hasPulseboardType(message);
}

function hasPulseboardType(message: unknown): boolean {
  return (
    typeof message === "object" &&
    message !== null &&
    typeof (message as { type?: unknown }).type === "string" &&
    (message as { type: string }).type.startsWith("pulseboard:")
  );
}

/** Environment variable carrying a worker's index (0..N-1), kept when it is restarted. */
export const WORKER_INDEX_VARIABLE = "PULSEBOARD_WORKER_INDEX";
