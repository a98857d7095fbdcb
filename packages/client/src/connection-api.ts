import type {
  AlertAcknowledgementInput,
  AppendableEventType,
  ServerMessage,
} from "@pulseboard/protocol";
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
  /**
   * Protocol 1.1 history: rooms opened without a resume position start with their last N
   * events (every type) besides their snapshot (`history=N` on connect, `history` in
   * `subscribe`). The hub clamps N to its limit (500 by default). Default: none (snapshot only).
   */
  history?: number;
  /**
   * Where the initial `rooms` continue from: the `{ since: seq, epoch }` of a server-rendered
   * state the store was hydrated with (`hydrateRoom`). The first connection then asks for
   * `since=seq&epoch=epoch`: no gap, no duplicate. Every initial room must have been hydrated
   * from a state at this point.
   */
  resume?: ResumePoint;
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

export interface SubscribeOptions {
  /** The rooms' state is held up to this point (hydrated): continue from it, no snapshot. */
  resume?: ResumePoint;
  /** History for these rooms (instead of the connection's `history`) when opened afresh. */
  history?: number;
}

/** What `append` resolves with: where the hub sequenced the event. */
export interface AppendResult {
  seq: number;
}

export interface Connection {
  getState(): ConnectionState;
  /** Calls `listener` on every state change; returns the unsubscribe function. */
  subscribe(listener: StateListener): () => void;
  /** Adds an event/message listener; returns the function that removes it. */
  addListener(listener: ConnectionListener): () => void;
  /**
   * Follows more rooms: at once while open (their snapshot, and history with `history`,
   * follow), else on the next connection. With `resume`, the rooms' state is already held up
   * to that point (hydrated): they continue from it instead.
   */
  subscribeRooms(rooms: readonly string[], options?: SubscribeOptions): void;
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
  /**
   * Appends a durable event from this viewer (protocol 1.1 `append`; in 1.1 only
   * `alert_acknowledged`, data `{ alert_id, note? }`) to a room this connection follows. The hub
   * stamps `by` and `at`, and every follower of the room, this one included, receives it as an
   * event. Resolves with its `seq` (`appended`); rejects with an `AppendError`: the hub's
   * `error` (`forbidden`, `bad_message`, `rate_limited`, …), or `not_connected` / `timeout` /
   * `closed` when no answer can come.
   */
  append(
    room: string,
    type: AppendableEventType,
    data: AlertAcknowledgementInput,
  ): Promise<AppendResult>;
  /** Skips the wait while reconnecting or offline (a "retry now" button). */
  retryNow(): void;
  /** Closes for good: no reconnect; state `closed`. */
  close(): void;
}
