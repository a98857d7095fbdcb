import { percentile } from "../figures.js";

/** Latency figures of one scenario, in ms: nearest-rank percentiles of every sample. */
export interface LatencySummary {
  count: number;
  p50: number;
  p99: number;
  max: number;
}

export function summarizeLatency(values: readonly number[]): LatencySummary {
  const finite = values.filter(Number.isFinite);
  return {
    count: finite.length,
    p50: percentile(finite, 0.5),
    p99: percentile(finite, 0.99),
    max: percentile(finite, 1),
  };
}

/** When an event was seen (a row in the DOM, a frame on a socket), on the bench clock. */
export type Sighting = readonly [id: string, at: number];

/**
 * Latencies of the events published in the window: each event's first sighting minus its
 * publish time. Sightings of events published outside the window (warm-up) are left out;
 * `missing` counts the window's events never seen.
 */
export function latenciesOf(
  publishedAt: ReadonlyMap<string, number>,
  sightings: Iterable<Sighting>,
  window: { start: number; end: number },
): { values: number[]; missing: number } {
  const inWindow = (at: number) => at >= window.start && at <= window.end;
  const firstSeen = new Map<string, number>();
  for (const [id, at] of sightings) {
    const published = publishedAt.get(id);
    if (published === undefined || !inWindow(published) || !Number.isFinite(at)) continue;
    const earlier = firstSeen.get(id);
    if (earlier === undefined || at < earlier) firstSeen.set(id, at);
  }
  let expected = 0;
  for (const at of publishedAt.values()) if (inWindow(at)) expected++;
  const values = [...firstSeen].map(([id, at]) => at - (publishedAt.get(id) as number));
  return { values, missing: expected - values.length };
}

/**
 * The hub's `pulseboard_connections` gauge from a Prometheus text scrape; null when absent.
 * Several series (one per worker) are summed.
 */
export function connectionsGauge(metrics: string): number | null {
  let total: number | null = null;
  for (const match of metrics.matchAll(/^pulseboard_connections(?:\{[^}]*\})?\s+(\S+)$/gm)) {
    const value = Number(match[1]);
    if (Number.isFinite(value)) total = (total ?? 0) + value;
  }
  return total;
}
