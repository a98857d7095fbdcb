/**
 * `@pulseboard/client/worker`: what an app's SharedWorker script imports. Kept apart from the
 * main entry so the worker bundle carries no store or React code.
 */
export { createSharedHost, type SharedHost, type SharedHostOptions } from "./host.js";
export { serveSharedConnections } from "./serve.js";
export type { PortLike } from "./wire.js";
