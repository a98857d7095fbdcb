import type { SharedWorkerLike } from "@pulseboard/client";

/** Name of the dashboards' SharedWorker: tabs that use the same name and script share it. */
export const PULSE_WORKER_NAME = "pulseboard";

/**
 * Starts (or reaches) the dashboards' SharedWorker, or undefined where the browser has none
 * (the connection then opens its own socket). The `new URL(…, import.meta.url)` must stay
 * written out here: that is how webpack finds and bundles the worker's script.
 */
export function startPulseWorker(): SharedWorkerLike | undefined {
  if (typeof SharedWorker !== "function") return undefined;
  return new SharedWorker(new URL("./pulse.worker.ts", import.meta.url), {
    name: PULSE_WORKER_NAME,
  });
}
