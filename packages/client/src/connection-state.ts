import type { PresenceMember } from "@pulseboard/protocol";

/** How the last socket ended, as the WebSocket `close` event reported it. */
export interface CloseInfo {
  code: number;
  reason: string;
}

/**
 * The connection's state machine. Exposed as a value (not only callbacks) so a UI can render
 * it at any time and a store can hold it:
 *
 *     connecting ──open──► open ──socket lost──► reconnecting ──timer──► connecting …
 *         any state ──browser `offline`──► offline ──`online`──► connecting
 *         any state ──close()──► closed (final)
 *         open ──close 4003 (an operator revoked the token or its user)──► revoked (final)
 */
export type ConnectionState =
  | {
      status: "connecting";
      /** Consecutive failed attempts before this one (0 on the first try). */
      attempt: number;
    }
  | {
      status: "open";
      /** From `welcome`; undefined until it arrives. */
      connectionId: string | undefined;
      /** Who this connection counts as in presence (`welcome`, with `presence: true` only). */
      user?: PresenceMember;
    }
  | {
      status: "reconnecting";
      /** Consecutive failed attempts, this one included (1 after the first loss). */
      attempt: number;
      /** When the next try starts (ms since 1970, by the injected clock). */
      nextTryAt: number;
      /** Why the previous socket ended; undefined when it never opened or was given up. */
      lastClose: CloseInfo | undefined;
    }
  | { status: "offline" }
  | {
      /**
       * Final: an operator revoked this connection's token or its user (close 4003). The
       * connection never retries: the hub would refuse the same token, and hammering it with a
       * revoked one helps nobody. A new connection (a page reload) asks for a new token.
       */
      status: "revoked";
      lastClose: CloseInfo;
    }
  | { status: "closed" };

export type ConnectionStatus = ConnectionState["status"];

export type StateListener = (state: ConnectionState, previous: ConnectionState) => void;

/** Holds the current state and tells listeners about each change. */
export class StateCell {
  private readonly listeners = new Set<StateListener>();

  constructor(private current: ConnectionState) {}

  get(): ConnectionState {
    return this.current;
  }

  set(next: ConnectionState): void {
    const previous = this.current;
    this.current = next;
    for (const listener of [...this.listeners]) listener(next, previous);
  }

  subscribe(listener: StateListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }
}
