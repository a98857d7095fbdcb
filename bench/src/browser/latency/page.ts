import type { Page } from "@playwright/test";
import { sleep } from "../../clock.js";
import { PROBE } from "../probe.js";
import { benchNowMs, type ClockOffset, type ClockSample, estimateOffset } from "./clock.js";

/** The Node side of probe.js's publish-to-pixel part (watchLatency). */

/** A marked row as the probe saw it: [user (the event id), DOM insert, next frame], page clock. */
export type RowSighting = [user: string, domAt: number, frameAt: number];

export interface PageLatencyData {
  rows: RowSighting[];
  /** document.visibilityState when watching started and ended. */
  visibility: string[];
  /** The MutationObserver's callbacks and the time spent in them (ms, page's main thread). */
  observerCalls: number;
  observerMs: number;
}

/** Longest wait for the activity feed to be on the page. */
const FEED_TIMEOUT_MS = 10_000;

/** Starts the probe's row watch as soon as the feed is on the page. */
export async function watchLatency(page: Page, prefix: string): Promise<void> {
  const deadline = benchNowMs() + FEED_TIMEOUT_MS;
  const call = `${PROBE}.watchLatency(${JSON.stringify(prefix)})`;
  while (!(await page.evaluate<boolean>(call))) {
    if (benchNowMs() > deadline) throw new Error("the activity feed never appeared on the page");
    await sleep(100);
  }
}

export function unwatchLatency(page: Page): Promise<void> {
  return page.evaluate<void>(`${PROBE}.unwatchLatency()`);
}

export function readLatency(page: Page): Promise<PageLatencyData> {
  return page.evaluate<PageLatencyData>(`${PROBE}.latency()`);
}

/** Round trips of the clock check: the shortest one decides (see estimateOffset). */
const CLOCK_SAMPLES = 15;

/** The page's clock against the bench's, from round trips of page.evaluate. */
export async function measureClockOffset(page: Page): Promise<ClockOffset> {
  const samples: ClockSample[] = [];
  for (let i = 0; i < CLOCK_SAMPLES; i++) {
    const sentAt = benchNowMs();
    const pageAt = await page.evaluate<number>(`${PROBE}.clock()`);
    samples.push({ sentAt, pageAt, receivedAt: benchNowMs() });
  }
  return estimateOffset(samples);
}
