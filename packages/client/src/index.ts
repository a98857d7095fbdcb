/**
 * `@pulseboard/client`: the framework-free half (as zustand's `vanilla.ts`). React hooks are in
 * `@pulseboard/client/react`, the SharedWorker script's one call in `@pulseboard/client/worker`.
 *
 * This list is the package's promise: each name is documented in the README ("Public API").
 * Everything else in `src/` (reducers, backoff, cursor, scheduler, defaults, …) is internal
 * and may change; tests import it by path.
 */

export { AppendError } from "./append-error.js";
export type { BackoffOptions } from "./backoff.js";
export { createPulseClient, type PulseClient } from "./client.js";
export { type ConnectStoreOptions, connectStore } from "./connect-store.js";
export { type Connection, type ConnectionOptions, createConnection } from "./connection.js";
export type { AppendResult, SubscribeOptions } from "./connection-api.js";
export type {
  CloseInfo,
  ConnectionState,
  ConnectionStatus,
  StateListener,
} from "./connection-state.js";
export type { EventRate } from "./event-rate.js";
export type { FlushScheduler } from "./flush-scheduler.js";
export {
  type HydrateOptions,
  hydrateRoom,
  resumePointOf,
  roomFromState,
} from "./hydrate.js";
export type { ConnectionListener } from "./listener.js";
export {
  fetchRoomEvents,
  loadOlderEvents,
  RoomEventsError,
  type RoomEventsRequest,
} from "./older-events.js";
export type { IndicatorEntry, IndicatorOptions, RoomPresence } from "./presence-state.js";
export type { ResumePoint } from "./resume-cursor.js";
export type { AlertEntry, OlderEvents, Received, RoomState, SessionEntry } from "./room-state.js";
export { emptyRoom } from "./room-state.js";
export {
  createSharedConnection,
  type SharedConnectionOptions,
} from "./shared/create-shared-connection.js";
export type { SharedWorkerLike } from "./shared/tab-connection.js";
export type { NetworkEvents, WebSocketConstructor, WebSocketLike } from "./socket.js";
export { createPulseStore, type PulseState, type PulseStore } from "./store.js";
export type { Timers } from "./timers.js";
export type { TokenRequest, TokenSource } from "./token-refresher.js";
