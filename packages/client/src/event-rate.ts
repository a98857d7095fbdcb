import { RATE_BUCKET_MS, RATE_WINDOW_MS } from "./defaults.js";

/**
 * Events per minute over a sliding window, counted in one-second buckets: memory and work stay
 * bounded (≤ 60 buckets) however many events arrive, unlike a list of timestamps.
 */
export interface EventRate {
  /** Events received in the last RATE_WINDOW_MS, as of the last count or refresh. */
  perMinute: number;
  /** Oldest first; `start` is the bucket's first ms (a multiple of RATE_BUCKET_MS). */
  buckets: readonly { start: number; count: number }[];
}

export const emptyRate: EventRate = { perMinute: 0, buckets: [] };

/** Counts `count` events received at `at`. */
export function countEvents(rate: EventRate, at: number, count = 1): EventRate {
  const start = at - (at % RATE_BUCKET_MS);
  const last = rate.buckets[rate.buckets.length - 1];
  const buckets =
    last !== undefined && last.start === start
      ? [...rate.buckets.slice(0, -1), { start, count: last.count + count }]
      : [...rate.buckets, { start, count }];
  return refreshRate({ perMinute: rate.perMinute, buckets }, at);
}

/** Drops buckets that left the window and recomputes the rate; returns `rate` when unchanged. */
export function refreshRate(rate: EventRate, now: number): EventRate {
  const oldest = now - RATE_WINDOW_MS;
  const firstKept = rate.buckets.findIndex((bucket) => bucket.start + RATE_BUCKET_MS > oldest);
  const buckets =
    firstKept === -1 ? [] : firstKept === 0 ? rate.buckets : rate.buckets.slice(firstKept);
  let perMinute = 0;
  for (const bucket of buckets) perMinute += bucket.count;
  // Scaled so the number reads as "per minute" whatever the window length.
  perMinute = Math.round((perMinute * 60_000) / RATE_WINDOW_MS);
  if (buckets === rate.buckets && perMinute === rate.perMinute) return rate;
  return { perMinute, buckets };
}
