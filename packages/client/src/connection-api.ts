import type { ServerMessage } from "@pulseboard/protocol";
import type { BackoffOptions, Random } from "./backoff.js";
import type { ConnectionState, StateListener } from "./connection-state.js";
import type { ConnectionListener } from "./listener.js";
import type { IndicatorOptions } from "./presence-state.js";
import type { ResumePoint } from "./resume-cursor.js";
import type { NetworkEvents, WebSocketConstructor } from "./socket.js";
import type { Timers } from "./timers.js";
import type { TokenSource } from "./token-refresher.js";

export interface ConnectionOptions {
  /** The hub's WebSocket endpoint, e.g. `wss://hub.example/ws` (http(s) and relative URLs work). */
  url: string;
  /** Rooms to follow; empty → the hub's default rooms (learnt from `welcome`). */
  rooms?: readonly string[];
  /** Default: globalThis.WebSocket. In Node 20 pass the `ws` package's WebSocket. */
  WebSocket?: WebSocketConstructor;
  /**
   * Take part in presence and receive indicators (`presence=1`): the hub then lists this
   * connection's user in its rooms and sends `presence`, `join`, `leave` and `indicator`.
   * Default false.
   */
  presence?: boolean;
  /** Subprotocols to offer. Default: ["pulseboard.v1"]. */
  protocols?: readonly string[];
  /** Called before every connection (sent as `access_token`) and before a JWT expires (`refresh`). */
  token?: TokenSource;
  /** JSON ping interval; no frame for two intervals means a dead link. Default 15 s. */
  heartbeatMs?: number;
  /** Reconnect backoff; defaults 500 ms base, 10 s cap. */
  backoff?: BackoffOptions;
  /** How long before a JWT's `exp` the refresh is sent. Default 60 s. */
  tokenRefreshLeadMs?: number;
  listener?: ConnectionListener;
  /** Shorthand for `listener.onMessage`. */
  onMessage?: (message: ServerMessage, receivedAt: number) => void;
  /** Source of `online`/`offline` events; default `globalThis` where it has them, null for none. */
  network?: NetworkEvents | null;
  now?: () => number;
  timers?: Timers;
  random?: Random;
}

export interface Connection {
  getState(): ConnectionState;
  /** Calls `listener` on every state change; returns the unsubscribe function. */
  subscribe(listener: StateListener): () => void;
  /** Adds an event/message listener; returns the function that removes it. */
  addListener(listener: ConnectionListener): () => void;
  /** Follows more rooms: at once while open (snapshot of them follows), else on the next connection. */
  subscribeRooms(rooms: readonly string[]): void;
  unsubscribeRooms(rooms: readonly string[]): void;
  getRooms(): string[];
  /** The `since`/`epoch` the next connection would resume from (undefined: fresh snapshot). */
  getResumePoint(): ResumePoint | undefined;
  /**
   * Sends an indicator (`publish`) to a room this connection follows, e.g. ("dashboard:42",
   * "viewing", { payload: { panel: "plays" } }). Needs `presence: true` and a token whose
   * `publish` claim grants the room; refusals arrive as `error` messages. Returns false when
   * not open (nothing is queued: indicators are only worth sending now).
   */
  publish(room: string, kind: string, options?: IndicatorOptions): boolean;
  /** Skips the wait while reconnecting or offline (a "retry now" button). */
  retryNow(): void;
  /** Closes for good: no reconnect; state `closed`. */
  close(): void;
}
