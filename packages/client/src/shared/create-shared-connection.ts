import { createConnection } from "../connection.js";
import type { Connection, ConnectionOptions } from "../connection-api.js";
import { type SharedWorkerLike, TabConnection } from "./tab-connection.js";

export interface SharedConnectionOptions extends ConnectionOptions {
  /**
   * Starts (or reaches) the app's SharedWorker, whose script calls `serveSharedConnections()`
   * from `@pulseboard/client/worker`. Bundlers find the worker's script only when its URL is
   * written at the call site, so the app supplies this, e.g.
   * `() => new SharedWorker(new URL("./pulse.worker.ts", import.meta.url), { name: "pulseboard" })`.
   * Where SharedWorker is missing (or this is not given, or throws) the connection opens its
   * own socket, exactly like `createConnection`.
   */
  sharedWorker?: () => SharedWorkerLike | undefined;
  /** How long to wait for the worker's first answer before falling back to an own socket. Default 5 s. */
  workerTimeoutMs?: number;
}

/**
 * A connection that shares one socket with every other tab of the browser (same hub URL and
 * options) through a SharedWorker: the hub sees one connection however many tabs are open,
 * and each tab still sees only its own rooms. Falls back to a socket per tab without one.
 */
export function createSharedConnection(options: SharedConnectionOptions): Connection {
  const { sharedWorker, workerTimeoutMs, ...connectionOptions } = options;
  const worker = startWorker(sharedWorker);
  if (worker === undefined) return createConnection(connectionOptions);
  return new TabConnection(connectionOptions, worker, workerTimeoutMs);
}

function startWorker(start: SharedConnectionOptions["sharedWorker"]): SharedWorkerLike | undefined {
  if (start === undefined) return undefined;
  try {
    return start();
  } catch {
    // SecurityError (e.g. opaque origins, storage blocked) or no SharedWorker at all.
    return undefined;
  }
}
