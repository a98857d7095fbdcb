/**
 * WebSocket close codes the hub uses. 1xxx are RFC 6455 codes; 4xxx are Pulseboard's own.
 * A client decides from the code whether and how to reconnect.
 */
export const CloseCode = {
  /** Normal closure. */
  NORMAL: 1000,
  /** Server going away (shutdown); the reason is JSON `{"retry_ms":N}`, randomized per client. */
  GOING_AWAY: 1001,
  /** Policy violation. */
  POLICY: 1008,
  /** Inbound frame larger than the configured maximum. */
  MESSAGE_TOO_BIG: 1009,
  /** Unexpected server error. */
  INTERNAL_ERROR: 1011,
  /**
   * Server overloaded (connection limits), or the broker failed a catch-up read after retries;
   * the reason is JSON `{"retry_ms":N}`: reconnect (with `since`) after that long.
   */
  TRY_AGAIN_LATER: 1013,
  /** The token's `exp` passed without a successful `refresh`. */
  TOKEN_EXPIRED: 4001,
  /** An operator revoked the token (its `jti`) or its user (`sub`); reconnecting with it is refused. */
  REVOKED: 4003,
  /** The connection's backlog exceeded its bound; reconnect with `since` to resume. */
  SLOW_CONSUMER: 4008,
  /** An operator disconnected the connection (operator API); it may reconnect. */
  DISCONNECTED: 4010,
  /** Inbound message rate limit exceeded persistently. */
  RATE_LIMITED: 4029,
} as const;

export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode];

/** Reason payload of a 1001 close: when to reconnect. */
export interface GoingAwayReason {
  retry_ms: number;
}
