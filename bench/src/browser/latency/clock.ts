import { performance } from "node:perf_hooks";

/**
 * One clock for the bench process and the pages: milliseconds since 1970 as
 * `performance.timeOrigin + performance.now()`. Both Node and Chromium take the origin from the
 * wall clock once (at process start, at navigation) and advance it with CLOCK_MONOTONIC, so on
 * one host the two read the same time without any exchange; Node's reading has µs resolution,
 * the page's 100 µs (Chromium coarsens `performance.now()` in pages that are not cross-origin
 * isolated). The clock check below measures what is left: an origin taken across a wall-clock
 * step, say.
 */
export function benchNowMs(): number {
  return performance.timeOrigin + performance.now();
}

/** One round trip of the clock check: bench clock before, the page's clock, bench clock after. */
export interface ClockSample {
  sentAt: number;
  pageAt: number;
  receivedAt: number;
}

/** Page clock minus bench clock, and how far off that estimate can be. */
export interface ClockOffset {
  offsetMs: number;
  /** Half the round trip of the sample used: the page's reading lies within it. */
  uncertaintyMs: number;
  samples: number;
}

/**
 * The offset from the sample with the shortest round trip (least time for the page's reading
 * to sit anywhere but the middle): page − (before + after) / 2, ± half the round trip.
 */
export function estimateOffset(samples: readonly ClockSample[]): ClockOffset {
  let best: ClockSample | undefined;
  for (const sample of samples) {
    const rtt = sample.receivedAt - sample.sentAt;
    if (!(rtt >= 0)) continue;
    if (best === undefined || rtt < best.receivedAt - best.sentAt) best = sample;
  }
  if (best === undefined) {
    return { offsetMs: Number.NaN, uncertaintyMs: Number.NaN, samples: samples.length };
  }
  return {
    offsetMs: best.pageAt - (best.sentAt + best.receivedAt) / 2,
    uncertaintyMs: (best.receivedAt - best.sentAt) / 2,
    samples: samples.length,
  };
}

/**
 * Largest disagreement tolerated beyond the estimate's own uncertainty: the page clock's
 * 0.1 ms coarsening plus margin. Latencies are taken as read, uncorrected; a larger offset
 * would be a real disagreement, and the run's check says so.
 */
export const CLOCK_TOLERANCE_MS = 1;

export function clocksAgree(offset: ClockOffset): boolean {
  return Math.abs(offset.offsetMs) <= offset.uncertaintyMs + CLOCK_TOLERANCE_MS;
}
