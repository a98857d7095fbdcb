import type { ClickRecord, EventTimingEntry, ProbeData } from "./probe.js";

/**
 * The figures of one measured window, from what probe.js recorded in the page. All times are
 * the page's clock (performance.now(), ms), so the window's marks select the samples.
 */

/** A frame later than this is a long frame: at 60 Hz, three frames in a row were missed. */
export const LONG_FRAME_MS = 50;

/** Event Timing reports no entry below this duration (the smallest threshold it accepts). */
export const EVENT_TIMING_THRESHOLD_MS = 16;

export interface FrameFigures {
  frames: number;
  /** Frames per second over the window: (frames − 1) / (last − first). */
  fps: number;
  /** Gaps between consecutive frames above LONG_FRAME_MS. */
  longFrames: number;
  /** longFrames / gaps. */
  longFrameShare: number;
  worstGapMs: number;
  p95GapMs: number;
}

export interface LongTaskFigures {
  /** False: this browser does not report Long Tasks; count and total mean nothing. */
  supported: boolean;
  count: number;
  totalMs: number;
  worstMs: number;
}

/** p50 / p95 / max in ms; null: below EVENT_TIMING_THRESHOLD_MS (no entry was reported). */
export interface Spread<T = number> {
  p50: T;
  p95: T;
  max: T;
}

export interface ClickFigures {
  clicks: number;
  /** Event Timing supported: its absence of entries then means "under 16 ms", not "unknown". */
  eventTimingSupported: boolean;
  /** Clicks that got an Event Timing `click` entry (those of 16 ms or more). */
  eventTimingEntries: number;
  /** Event Timing `duration` of the click: input → handlers → the next paint. */
  toNextPaintMs: Spread<number | null>;
  /** Event Timing processingStart − startTime: how long the input waited for the main thread. */
  eventTimingInputDelayMs: Spread<number | null>;
  /** Fallback without Event Timing: the event's timestamp → the next rAF after the handlers. */
  toNextFrameMs: Spread;
  /** The event's timestamp → the first (capture-phase) listener. */
  inputDelayMs: Spread;
}

export function frameFigures(frames: readonly number[], start: number, end: number): FrameFigures {
  const inWindow = frames.filter((t) => t >= start && t <= end);
  const gaps: number[] = [];
  for (let i = 1; i < inWindow.length; i++) {
    gaps.push((inWindow[i] as number) - (inWindow[i - 1] as number));
  }
  const first = inWindow[0];
  const last = inWindow[inWindow.length - 1];
  const span = first === undefined || last === undefined ? 0 : last - first;
  const longFrames = gaps.filter((gap) => gap > LONG_FRAME_MS).length;
  return {
    frames: inWindow.length,
    fps: span > 0 ? ((inWindow.length - 1) * 1000) / span : 0,
    longFrames,
    longFrameShare: gaps.length > 0 ? longFrames / gaps.length : 0,
    // Without frames at all the whole window was one gap.
    worstGapMs: gaps.length > 0 ? Math.max(...gaps) : end - start,
    p95GapMs: percentile(gaps, 0.95),
  };
}

export function longTaskFigures(data: ProbeData, start: number, end: number): LongTaskFigures {
  const tasks = data.longTasks.filter(([taskStart]) => taskStart >= start && taskStart <= end);
  const durations = tasks.map(([, duration]) => duration);
  return {
    supported: data.supportedEntryTypes.includes("longtask"),
    count: tasks.length,
    totalMs: durations.reduce((sum, d) => sum + d, 0),
    worstMs: durations.length > 0 ? Math.max(...durations) : 0,
  };
}

export function clickFigures(data: ProbeData, start: number, end: number): ClickFigures {
  const clicks = data.clicks.filter((c) => c.timeStamp >= start && c.timeStamp <= end);
  const entries = clicks.map((click) => matchingEntry(data.events, click));
  return {
    clicks: clicks.length,
    eventTimingSupported: data.supportedEntryTypes.includes("event"),
    eventTimingEntries: entries.filter((e) => e !== undefined).length,
    toNextPaintMs: censoredSpread(entries.map((e) => (e === undefined ? null : e.duration))),
    eventTimingInputDelayMs: censoredSpread(
      entries.map((e) => (e === undefined ? null : e.processingStart - e.startTime)),
    ),
    toNextFrameMs: spread(clicks.map((c) => c.nextFrameAt - c.timeStamp)),
    inputDelayMs: spread(clicks.map((c) => c.capturedAt - c.timeStamp)),
  };
}

/** The `click` entry of this click: Event Timing's startTime is the event's timeStamp. */
function matchingEntry(
  entries: readonly EventTimingEntry[],
  click: ClickRecord,
): EventTimingEntry | undefined {
  return entries.find((e) => e.name === "click" && Math.abs(e.startTime - click.timeStamp) < 1);
}

/** Nearest-rank percentile of finite values; NaN when there are none. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] ?? 0;
}

export function spread(values: readonly number[]): Spread {
  return {
    p50: percentile(values, 0.5),
    p95: percentile(values, 0.95),
    max: percentile(values, 1),
  };
}

/**
 * Percentiles where null stands for "below the reporting threshold": nulls sort first, and a
 * percentile that lands on one is null. Empty input gives nulls too.
 */
export function censoredSpread(values: readonly (number | null)[]): Spread<number | null> {
  const measured = values.filter((v): v is number => v !== null).sort((a, b) => a - b);
  const below = values.length - measured.length;
  const at = (p: number): number | null => {
    if (values.length === 0) return null;
    const rank = Math.min(values.length, Math.max(1, Math.ceil(p * values.length)));
    return rank <= below ? null : (measured[rank - below - 1] ?? null);
  };
  return { p50: at(0.5), p95: at(0.95), max: at(1) };
}
