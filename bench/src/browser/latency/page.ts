import type { Page } from "@playwright/test";
import { sleep } from "../../clock.js";
import { installProbe, PROBE } from "../probe.js";
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
  /** When the observer attached to the feed (page clock, ms since 1970); null: never. */
  watchingSince: number | null;
}

/** Arms the probe's row watch: it attaches itself to the feed as soon as that is rendered. */
export async function watchLatency(page: Page, prefix: string): Promise<void> {
  await page.evaluate<boolean>(`${PROBE}.watchLatency(${JSON.stringify(prefix)})`);
}

/** Longest wait for every tab's feed to be rendered (and so watched). */
const FEED_TIMEOUT_MS = 20_000;

/** Until the probe of every page has attached its observer to the feed. */
export async function waitForFeeds(pages: readonly Page[]): Promise<void> {
  const deadline = benchNowMs() + FEED_TIMEOUT_MS;
  const attached = `${PROBE}.latency().watchingSince !== null`;
  for (const [index, page] of pages.entries()) {
    while (!(await page.evaluate<boolean>(attached))) {
      if (benchNowMs() > deadline) {
        throw new Error(
          `tab ${index + 1}: the activity feed was not rendered within ${FEED_TIMEOUT_MS / 1000} s`,
        );
      }
      await sleep(100);
    }
  }
}

/**
 * The probe without its perpetual frame loop (see probe.js): for publish to pixel the app's
 * own frames are measured, and five tabs looping at 60 Hz would only load the cores.
 */
export async function installLatencyProbe(page: Page): Promise<void> {
  await page.addInitScript({ content: "window.__pulseboardBenchOptions = { frameLoop: false };" });
  await installProbe(page);
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
