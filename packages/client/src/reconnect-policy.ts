import { CloseCode } from "@pulseboard/protocol";
import { type BackoffOptions, backoffDelay, jitter, type Random } from "./backoff.js";
import type { CloseInfo } from "./connection-state.js";
import {
  DISCONNECTED_RETRY_JITTER,
  DISCONNECTED_RETRY_MS,
  QUICK_RETRY_MS,
  RETRY_HINT_JITTER,
} from "./defaults.js";

/**
 * How long to wait before the next try, from how the last socket ended and how many tries in
 * a row have failed before (`failures`, 0 for the first loss after a healthy connection).
 */
export function reconnectDelay(
  close: CloseInfo | undefined,
  failures: number,
  backoff: BackoffOptions,
  random: Random,
): number {
  if (close?.code === CloseCode.GOING_AWAY || close?.code === CloseCode.TRY_AGAIN_LATER) {
    // The server is shutting down (1001), or is full or could not catch this client up (1013),
    // and told each client when to return (randomized already); a little more spread covers
    // clients that share a hint. Without a hint, the usual backoff.
    const hint = retryHint(close.reason);
    if (hint !== undefined) return jitter(hint, RETRY_HINT_JITTER, random);
  }
  if (close?.code === CloseCode.DISCONNECTED) {
    // An operator's disconnect: a pause first, never shorter than the backoff would be.
    const pause = jitter(DISCONNECTED_RETRY_MS, DISCONNECTED_RETRY_JITTER, random);
    return Math.max(pause, backoffDelay(failures, backoff, random));
  }
  const quick = close?.code === CloseCode.SLOW_CONSUMER || close?.code === CloseCode.TOKEN_EXPIRED;
  // Only the first time: a client closed as slow again and again should back off like any other.
  if (quick && failures === 0) return Math.floor(random() * QUICK_RETRY_MS);
  return backoffDelay(failures, backoff, random);
}

/** The `retry_ms` of a 1001 or 1013 close reason `{"retry_ms":N}`, if it is one. */
export function retryHint(reason: string): number | undefined {
  try {
    const parsed: unknown = JSON.parse(reason);
    if (typeof parsed !== "object" || parsed === null) return undefined;
    const retry = (parsed as { retry_ms?: unknown }).retry_ms;
    return typeof retry === "number" && Number.isFinite(retry) && retry >= 0 ? retry : undefined;
  } catch {
    return undefined;
  }
}
