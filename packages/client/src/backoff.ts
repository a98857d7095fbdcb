import { BACKOFF_BASE_MS, BACKOFF_CAP_MS } from "./defaults.js";

export interface BackoffOptions {
  /** Ceiling of the first retry's delay; doubles with every failed attempt. Default 500 ms. */
  baseMs?: number;
  /** Largest ceiling, whatever the attempt. Default 10 s. */
  capMs?: number;
}

/** A number in [0, 1), like Math.random; injectable so tests can pin delays. */
export type Random = () => number;

/**
 * Exponential backoff with full jitter: delay = random(0, min(cap, base·2^attempt)), attempt
 * counting from 0. Full jitter (rather than a fixed delay ± a little) spreads the clients a
 * server drops together over the whole window, so they do not come back as one herd.
 */
export function backoffDelay(
  attempt: number,
  options: BackoffOptions = {},
  random: Random = Math.random,
): number {
  const base = options.baseMs ?? BACKOFF_BASE_MS;
  const cap = options.capMs ?? BACKOFF_CAP_MS;
  // 2 ** attempt overflows to Infinity for huge attempts; min() still yields the cap.
  const ceiling = Math.min(cap, base * 2 ** Math.max(0, attempt));
  return Math.floor(random() * ceiling);
}

/** `value` spread uniformly by ±fraction (0.2 → 80 %..120 %). */
export function jitter(value: number, fraction: number, random: Random = Math.random): number {
  return Math.max(0, Math.round(value * (1 - fraction + 2 * fraction * random())));
}
