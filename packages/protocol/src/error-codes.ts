/** Codes carried by `error` messages. The connection stays open after any of them. */
export const ErrorCode = {
  BAD_JSON: "bad_json",
  BAD_MESSAGE: "bad_message",
  UNKNOWN_TYPE: "unknown_type",
  FORBIDDEN: "forbidden",
  BAD_ROOM: "bad_room",
  TOO_MANY_ROOMS: "too_many_rooms",
  INVALID_TOKEN: "invalid_token",
  RATE_LIMITED: "rate_limited",
  /** The hub could not store an `append` (its broker is unreachable): nothing was stored. */
  UNAVAILABLE: "unavailable",
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];
