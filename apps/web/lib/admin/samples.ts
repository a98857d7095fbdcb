import type { HubFigures, HubsAnswer } from "./types";

/** How far back the admin page's plots reach. */
export const PLOT_WINDOW_MS = 15 * 60_000;

/** One reading of one hub. */
export interface HubSample {
  at: number;
  startedAt: string;
  eventsIn: number;
  messagesOut: number;
  slowCloses: number;
  connections: number;
  lag: number | null;
}

/** Hub id → its readings over the plot window, oldest first. */
export type HubSamples = Readonly<Record<string, readonly HubSample[]>>;

/** Plottable points: times in seconds since 1970, values (ThroughputChart's series). */
export interface Series {
  xs: number[];
  ys: number[];
}

/**
 * Adds a reading of every hub that answered and drops readings older than the window. Hubs
 * that stopped answering keep their readings until those age out, so a plot shows the gap.
 */
export function recordSamples(samples: HubSamples, answer: HubsAnswer, at: number): HubSamples {
  const next: Record<string, readonly HubSample[]> = {};
  const from = at - PLOT_WINDOW_MS;
  for (const [hub, list] of Object.entries(samples)) {
    const kept = list.filter((sample) => sample.at > from);
    if (kept.length > 0) next[hub] = kept;
  }
  for (const figures of answer.status) {
    next[figures.hub] = [...(next[figures.hub] ?? []), sampleOf(figures, at)];
  }
  return next;
}

function sampleOf(figures: HubFigures, at: number): HubSample {
  return {
    at,
    startedAt: figures.started_at,
    eventsIn: figures.events_in,
    messagesOut: figures.messages_out,
    slowCloses: figures.slow_consumer_closes,
    connections: figures.connections,
    lag: figures.stream_lag_events,
  };
}

type Counter = "eventsIn" | "messagesOut" | "slowCloses";

/**
 * Per-second rate of a counter between consecutive readings, at the later one. A reading
 * after a restart (another `startedAt`, or a counter that went down) starts over: no point.
 */
export function rateSeries(samples: readonly HubSample[], counter: Counter): Series {
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = 1; i < samples.length; i++) {
    const previous = samples[i - 1] as HubSample;
    const current = samples[i] as HubSample;
    const seconds = (current.at - previous.at) / 1000;
    const delta = current[counter] - previous[counter];
    if (seconds <= 0 || delta < 0 || restarted(previous, current)) continue;
    xs.push(current.at / 1000);
    // Two decimals: what the page shows, and steadier text for the plots' summaries.
    ys.push(Math.round((delta / seconds) * 100) / 100);
  }
  return { xs, ys };
}

/** Another process between two readings (a start time more than a second apart). */
function restarted(previous: HubSample, current: HubSample): boolean {
  return Math.abs(Date.parse(current.startedAt) - Date.parse(previous.startedAt)) > 1_000;
}

/** A gauge (connections, lag) as it was read; readings without a value are left out. */
export function gaugeSeries(samples: readonly HubSample[], gauge: "connections" | "lag"): Series {
  const xs: number[] = [];
  const ys: number[] = [];
  for (const sample of samples) {
    const value = sample[gauge];
    if (value === null) continue;
    xs.push(sample.at / 1000);
    ys.push(value);
  }
  return { xs, ys };
}

/** The latest rate of a counter, or undefined before two readings. */
export function latestRate(samples: readonly HubSample[], counter: Counter): number | undefined {
  const { ys } = rateSeries(samples.slice(-2), counter);
  return ys[0];
}
