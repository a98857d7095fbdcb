import { fileURLToPath } from "node:url";
import type { Page } from "@playwright/test";

/**
 * The Node side of probe.js: installs it in a page and reads what it collected. Expressions
 * are passed as strings, so nothing of this file is serialized into the page.
 */

const PROBE_FILE = fileURLToPath(new URL("./probe.js", import.meta.url));

/** An Event Timing entry, as probe.js keeps it (times in ms, the page's clock). */
export interface EventTimingEntry {
  name: string;
  startTime: number;
  processingStart: number;
  processingEnd: number;
  /** Start to the next paint after the handlers ran, rounded to 8 ms by the browser. */
  duration: number;
  interactionId: number;
}

/** One click as the listeners on window saw it (the page's clock, ms). */
export interface ClickRecord {
  /** The event's own timestamp: when the browser took the input. */
  timeStamp: number;
  /** When the first listener (capture phase, window) ran. */
  capturedAt: number;
  /** When the last listener (bubble phase, window, after the app's) ran. */
  handledAt: number;
  /** The next requestAnimationFrame callback after that. */
  nextFrameAt: number;
}

export interface ProbeData {
  frames: number[];
  longTasks: [number, number][];
  events: EventTimingEntry[];
  clicks: ClickRecord[];
  feed: { commits: number; addedRows: number };
  marks: Record<string, number>;
  supportedEntryTypes: string[];
}

/** The dashboard as displayed (null: not found on the page). */
export interface ScreenState {
  connection: string | null;
  totalPlaybacks: string | null;
  /**
   * The "Events / min" card: every event the store applied to the room in the last minute
   * (its rate window), so, on a page younger than that, every event it received.
   */
  eventsPerMinute: string | null;
  newestFeedUser: string | null;
  feedRows: number;
  /** The alerts panel's "N open". */
  alertsOpen: string | null;
  alertsAcknowledged: number;
}

/** The probe's object in the page (probe.js). */
export const PROBE = "window.__pulseboardBench";

export async function installProbe(page: Page): Promise<void> {
  await page.addInitScript({ path: PROBE_FILE });
}

export function mark(page: Page, name: string): Promise<void> {
  return page.evaluate<void>(`${PROBE}.mark(${JSON.stringify(name)})`);
}

export async function watchFeed(page: Page): Promise<void> {
  const watching = await page.evaluate<boolean>(`${PROBE}.watchFeed()`);
  if (!watching) throw new Error("the activity feed is not on the page: no events were rendered");
}

export function unwatchFeed(page: Page): Promise<void> {
  return page.evaluate<void>(`${PROBE}.unwatchFeed()`);
}

export function readScreen(page: Page): Promise<ScreenState> {
  return page.evaluate<ScreenState>(`${PROBE}.screen()`);
}

export function collect(page: Page): Promise<ProbeData> {
  return page.evaluate<ProbeData>(`${PROBE}.collect()`);
}
