import { RATE_BUCKET_MS, RATE_HISTORY_MS, RATE_WINDOW_MS } from "./defaults.js";

/**
 * Events per minute over a sliding window, counted in one-second buckets: memory and work stay
 * bounded (≤ 300 buckets) however many events arrive, unlike a list of timestamps.
 */
export interface EventRate {
  /** Events received in the last RATE_WINDOW_MS, as of the last count or refresh. */
  perMinute: number;
  /**
   * Oldest first, over the last RATE_HISTORY_MS (what the throughput chart draws); `start` is
   * the bucket's first ms (a multiple of RATE_BUCKET_MS).
   */
  buckets: readonly { start: number; count: number }[];
}

export const emptyRate: EventRate = { perMinute: 0, buckets: [] };

/**
 * Counts `count` events at `at`. Usually `at` is now (the newest bucket); an event counted at
 * its hub time (history, catch-up) may fall into an older bucket, which is kept in order.
 */
export function countEvents(rate: EventRate, at: number, count = 1): EventRate {
  const start = at - (at % RATE_BUCKET_MS);
  const buckets = [...rate.buckets];
  let index = buckets.length;
  while (index > 0 && (buckets[index - 1]?.start ?? 0) > start) index--;
  const previous = buckets[index - 1];
  if (previous !== undefined && previous.start === start) {
    buckets[index - 1] = { start, count: previous.count + count };
  } else {
    buckets.splice(index, 0, { start, count });
  }
  const newest = buckets[buckets.length - 1]?.start ?? start;
  return refreshRate({ perMinute: rate.perMinute, buckets }, Math.max(at, newest));
}

/**
 * Drops buckets older than the chart's window (RATE_HISTORY_MS) and recomputes the rate over
 * the last RATE_WINDOW_MS; returns `rate` when unchanged.
 */
export function refreshRate(rate: EventRate, now: number): EventRate {
  const oldestKept = now - RATE_HISTORY_MS;
  const firstKept = rate.buckets.findIndex((bucket) => bucket.start + RATE_BUCKET_MS > oldestKept);
  const buckets =
    firstKept === -1 ? [] : firstKept === 0 ? rate.buckets : rate.buckets.slice(firstKept);
  const oldestCounted = now - RATE_WINDOW_MS;
  let perMinute = 0;
  for (const bucket of buckets) {
    if (bucket.start + RATE_BUCKET_MS > oldestCounted) perMinute += bucket.count;
  }
  // Scaled so the number reads as "per minute" whatever the window length.
  perMinute = Math.round((perMinute * 60_000) / RATE_WINDOW_MS);
  if (buckets === rate.buckets && perMinute === rate.perMinute) return rate;
  return { perMinute, buckets };
}
