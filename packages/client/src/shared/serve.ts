import { createSharedHost, type SharedHost, type SharedHostOptions } from "./host.js";
import type { PortLike } from "./wire.js";

interface ConnectEventTarget {
  addEventListener(
    type: "connect",
    listener: (event: { ports: readonly PortLike[] }) => void,
  ): void;
}

/**
 * The whole script of the app's SharedWorker: `serveSharedConnections()`. Every tab that
 * connects shares this worker's hub sockets (see `createSharedConnection`).
 */
export function serveSharedConnections(
  scope: ConnectEventTarget = globalThis as unknown as ConnectEventTarget,
  options: SharedHostOptions = {},
): SharedHost {
  const host = createSharedHost(options);
  scope.addEventListener("connect", (event) => {
    for (const port of event.ports) host.attach(port);
  });
  return host;
}
