/** Points for the throughput chart: times in seconds since 1970 (uPlot's time scale), rates per second. */
export interface ThroughputSeries {
  xs: readonly number[];
  ys: readonly number[];
}

export interface Bucket {
  /** First ms of the bucket (a multiple of the bucket length). */
  start: number;
  count: number;
}

export interface SeriesWindow {
  /** How far back the series reaches; default 60 s. */
  windowMs?: number;
  /** Bucket length; default 1 s. */
  bucketMs?: number;
}

/**
 * Turns event-count buckets (the client store's `rate.buckets`) into a gap-free series of
 * events per second ending at the last complete bucket before `now`. Seconds without events
 * are 0 rather than missing, so the line drops to zero instead of bridging the gap; the bucket
 * still filling is left out, so the right edge does not dip on every redraw.
 */
export function throughputSeries(
  buckets: readonly Bucket[],
  now: number,
  { windowMs = 60_000, bucketMs = 1_000 }: SeriesWindow = {},
): ThroughputSeries {
  const counts = new Map<number, number>();
  for (const bucket of buckets) counts.set(bucket.start, bucket.count);
  const current = now - (now % bucketMs);
  const slots = Math.max(1, Math.floor(windowMs / bucketMs));
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = slots; i >= 1; i--) {
    const start = current - i * bucketMs;
    xs.push(start / 1000);
    ys.push(((counts.get(start) ?? 0) * 1000) / bucketMs);
  }
  return { xs, ys };
}

/**
 * "now 3/s, peak 9/s over the last 60 s" — the chart's text alternative. The span counts each
 * point as covering the step to its successor (1 s for the dashboards' series, the polling
 * interval for the admin page's), so 60 points a second apart span 60 s.
 */
export function describeSeries(series: ThroughputSeries): {
  latest: number;
  peak: number;
  seconds: number;
} {
  let peak = 0;
  for (const y of series.ys) peak = Math.max(peak, y);
  const { xs } = series;
  const first = xs[0] ?? 0;
  const last = xs[xs.length - 1] ?? first;
  const step = xs.length > 1 ? (last - first) / (xs.length - 1) : xs.length;
  return {
    latest: series.ys[series.ys.length - 1] ?? 0,
    peak,
    seconds: Math.round(last - first + step),
  };
}
