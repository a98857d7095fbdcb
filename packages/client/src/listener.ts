import type { CollabMessage, ResetReason, ServerEvent, ServerMessage } from "@pulseboard/protocol";
import type { RoomPresence } from "./presence-state.js";
import type { RoomState } from "./room-state.js";

/** What a connection reports besides its state. Every method is optional. */
export interface ConnectionListener {
  /**
   * An event not handed on before (each seq once per epoch), in arrival order. `catchUp` is
   * true for a room's snapshot and history (sent before its `subscribed`): past events, whose
   * time is their `ts`, not their arrival.
   */
  onEvent?(event: ServerEvent, receivedAt: number, catchUp: boolean): void;
  /** These rooms' state is stale: drop it; a snapshot of them follows. */
  onReset?(rooms: readonly string[], reason: ResetReason): void;
  /** `presence`, `join`, `leave` or `indicator` (only with `presence: true`). */
  onCollab?(message: CollabMessage, receivedAt: number): void;
  /** Round trip of a JSON ping → pong, in ms. */
  onRoundTrip?(ms: number): void;
  /**
   * Shared connections only: a room this tab just joined was already followed by the shared
   * socket, and this is its state so far (a plain connection gets a snapshot as events instead).
   */
  onRoomState?(room: string, state: RoomState, presence: RoomPresence | undefined): void;
  /** Every decoded message, control messages included; duplicate events are not repeated. */
  onMessage?(message: ServerMessage, receivedAt: number): void;
}

/** The listeners of one connection; a listener that throws does not stop the others. */
export class ListenerSet {
  private readonly listeners = new Set<ConnectionListener>();

  add(listener: ConnectionListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  emit(call: (listener: ConnectionListener) => void): void {
    for (const listener of this.listeners) {
      try {
        call(listener);
      } catch (error) {
        // Rethrown outside the socket's handler, where the host reports it, so one broken
        // consumer neither hides the error nor stops delivery to the rest.
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  }
}
