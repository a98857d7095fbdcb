import type { ErrorCode } from "./error-codes.js";
import type { MessageId } from "./messages.js";

/** Why an input was refused; becomes an `error` message (or an HTTP 400 body) as it is. */
export interface ProtocolError {
  code: ErrorCode;
  message: string;
  /** The `id` of the offending client message, when it had a readable one. */
  ref?: MessageId;
}

/** Outcome of decoding or validating untrusted input. Decoders return it; they never throw. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: ProtocolError };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail<T = never>(error: ProtocolError): Result<T> {
  return { ok: false, error };
}
