/**
 * `@pulseboard/client/worker`: what an app's SharedWorker script imports. Kept apart from the
 * main entry so the worker bundle carries no store or React code. `createSharedHost` stays
 * internal (tests import it by path): `serveSharedConnections` is the whole worker script.
 */
export type { SharedHost, SharedHostOptions } from "./host.js";
export { serveSharedConnections } from "./serve.js";
export type { PortLike } from "./wire.js";
