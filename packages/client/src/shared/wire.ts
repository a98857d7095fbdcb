import type {
  AlertAcknowledgementInput,
  AppendableEventType,
  CollabMessage,
  ResetReason,
  ServerEvent,
  ServerMessage,
} from "@pulseboard/protocol";
import type { BackoffOptions } from "../backoff.js";
import type { ConnectionState } from "../connection-state.js";
import type { IndicatorOptions, RoomPresence } from "../presence-state.js";
import type { ResumePoint } from "../resume-cursor.js";
import type { RoomState } from "../room-state.js";

/**
 * The messages between a tab and the SharedWorker that holds the browser's one socket. Both
 * ends are built from the same checkout, so this is an internal format, not a protocol: no
 * versioning, plain structured-clone data only (functions never cross).
 */

/** The options of a shared connection that the worker needs; tabs with equal ones share a socket. */
export interface SharedConnectionConfig {
  url: string;
  presence: boolean;
  history?: number;
  protocols?: readonly string[];
  heartbeatMs?: number;
  backoff?: BackoffOptions;
  tokenRefreshLeadMs?: number;
}

/** Tab → worker. */
export type TabMessage =
  | {
      type: "attach";
      config: SharedConnectionConfig;
      rooms: string[];
      /** Whether this tab can answer `token_request` (it was given a token source). */
      hasToken: boolean;
      /** A Web Lock this tab holds while it lives; its release tells the worker the tab is gone. */
      lock: string | undefined;
      online: boolean;
      /** Where `rooms` continue from when the tab's store was hydrated (`resume` option). */
      resume: ResumePoint | undefined;
    }
  | { type: "subscribe"; rooms: string[]; resume?: ResumePoint; history?: number }
  /** Hydrated rooms' state: the worker's starting point for tabs that join those rooms later. */
  | { type: "seed"; rooms: Record<string, RoomState> }
  | {
      type: "append";
      requestId: number;
      room: string;
      eventType: AppendableEventType;
      data: AlertAcknowledgementInput;
    }
  | { type: "unsubscribe"; rooms: string[] }
  | { type: "publish"; room: string; kind: string; options: IndicatorOptions }
  | { type: "retry" }
  /** The tab's `online`/`offline` events: workers do not reliably get their own. */
  | { type: "network"; online: boolean }
  | { type: "token"; requestId: number; token: string | undefined; failed: boolean }
  | { type: "detach" };

/** Worker → tab. */
export type WorkerMessage =
  | {
      type: "state";
      state: ConnectionState;
      resume: ResumePoint | undefined;
      /** Every room the shared socket follows (all tabs'). */
      rooms: string[];
    }
  | { type: "event"; event: ServerEvent; receivedAt: number; catchUp: boolean }
  /** The outcome of a tab's `append`: the seq, or the error (code and message). */
  | {
      type: "append_result";
      requestId: number;
      seq: number | undefined;
      error: { code: string; message: string } | undefined;
    }
  | { type: "reset"; rooms: string[]; reason: ResetReason }
  | { type: "collab"; message: CollabMessage; receivedAt: number }
  | { type: "round_trip"; ms: number }
  /** A control message other than collaboration ones (errors, acks, welcome …). */
  | { type: "control"; message: ServerMessage; receivedAt: number }
  /** A room the socket already follows: its state so far, so this tab starts where others are. */
  | { type: "room_state"; room: string; state: RoomState; presence: RoomPresence | undefined }
  | { type: "token_request"; requestId: number; rooms: string[] };

/**
 * The part of a MessagePort both ends use; the browser's MessagePort and Node's
 * (worker_threads, for tests) both fit.
 */
export interface PortLike {
  postMessage(message: unknown): void;
  addEventListener(type: "message", listener: (event: { data: unknown }) => void): void;
  start(): void;
  close(): void;
}
