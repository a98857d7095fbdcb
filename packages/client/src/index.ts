export type { Ingest, PulseData } from "./apply-batch.js";
export { type BackoffOptions, backoffDelay, jitter, type Random } from "./backoff.js";
export { createPulseClient, type PulseClient } from "./client.js";
export { type ConnectStoreOptions, connectStore } from "./connect-store.js";
export { buildConnectUrl } from "./connect-url.js";
export { type Connection, type ConnectionOptions, createConnection } from "./connection.js";
export type {
  CloseInfo,
  ConnectionState,
  ConnectionStatus,
  StateListener,
} from "./connection-state.js";
export * as defaults from "./defaults.js";
export { type EventRate, emptyRate } from "./event-rate.js";
export { Batcher, defaultFlushScheduler, type FlushScheduler } from "./flush-scheduler.js";
export { tokenExpiry } from "./jwt.js";
export type { ConnectionListener } from "./listener.js";
export {
  activeIndicators,
  nextIndicatorExpiry,
  type PresenceByRoom,
  pruneAllIndicators,
  pruneIndicators,
  reduceCollab,
  reduceIndicator,
  reduceJoin,
  reduceLeave,
  reducePresenceSnapshot,
} from "./presence-reducers.js";
export {
  emptyPresence,
  type IndicatorEntry,
  type IndicatorOptions,
  type RoomPresence,
} from "./presence-state.js";
export { reconnectDelay, retryHint } from "./reconnect-policy.js";
export {
  acknowledgeAlert,
  reduceDashboardRefresh,
  reduceDetectionAlert,
  reduceEvent,
  reducePlayback,
  reduceStatsUpdate,
  reduceSyncCompleted,
  reduceSyncProgress,
  resetRoom,
  sessionKey,
} from "./reducers.js";
export type { ResumePoint } from "./resume-cursor.js";
export {
  type AlertEntry,
  emptyRoom,
  type Received,
  type RoomState,
  type SessionEntry,
} from "./room-state.js";
export {
  createSharedConnection,
  type SharedConnectionOptions,
} from "./shared/create-shared-connection.js";
export type { SharedWorkerLike } from "./shared/tab-connection.js";
export type { NetworkEvents, WebSocketConstructor, WebSocketLike } from "./socket.js";
export { createPulseStore, type PulseActions, type PulseState, type PulseStore } from "./store.js";
export type { Timers } from "./timers.js";
export type { TokenRequest, TokenSource } from "./token-refresher.js";
