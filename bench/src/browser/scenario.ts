import { performance } from "node:perf_hooks";
import type { Browser, Page } from "@playwright/test";
import { sleep } from "../clock.js";
import type { ProduceResult } from "../peers/producer.js";
import { checksOf } from "./checks.js";
import { CpuMeter, type CpuReading, cpuByType, newContext } from "./chromium.js";
import { acknowledgeNewAlert, type ClickLoopResult, clickThroughWindow } from "./clicks.js";
import type { BrowserBenchConfig } from "./config.js";
import { openDashboard } from "./dashboard-page.js";
import {
  type ClickFigures,
  clickFigures,
  type FrameFigures,
  frameFigures,
  type LongTaskFigures,
  longTaskFigures,
} from "./figures.js";
import {
  collect,
  installProbe,
  mark,
  type ProbeData,
  readScreen,
  type ScreenState,
  unwatchFeed,
  watchFeed,
} from "./probe.js";
import { RoomProducer } from "./producer.js";
import type { Stack } from "./stack.js";

/** One dashboard page under one event rate: a fresh browser context (so a fresh renderer). */
export interface RunResult {
  rate: number;
  round: number;
  url: string;
  /** The window as the page measured it. */
  windowMs: number;
  produce: ProduceResult & {
    /** Every event published to the room, by type (warm-up included). */
    events: RoomProducer["published"];
    publishErrors: number;
  };
  /**
   * Events the store applied (the "Events / min" card) against every event published to the
   * room; `countable` is false when the page outlived the card's one-minute window.
   */
  store: { published: number; applied: number | null; countable: boolean };
  screen: ScreenState;
  feed: ProbeData["feed"] & { commitsPerSecond: number };
  frames: FrameFigures;
  longTasks: LongTaskFigures;
  clicks: ClickFigures & { loop: ClickLoopResult };
  cpu: {
    /** Renderer main thread busy (CDP Performance.getMetrics, thread time), seconds. */
    mainThread: { task: number; script: number; layout: number; recalcStyle: number };
    /** CPU seconds of Chromium's processes by type (all threads), over the window. */
    byProcessType: Record<string, number>;
    /** This process: hub, producer and the Playwright client. */
    benchProcessSeconds: number;
  };
  pageErrors: string[];
  /** What makes the figures trustworthy: the page really received and rendered the load. */
  checks: { name: string; ok: boolean; detail: string }[];
}

/**
 * The store's rate window is one minute (RATE_WINDOW_MS in packages/client/src/defaults.ts),
 * counted in one-second buckets: a page whose first event is younger than this, with a bucket
 * to spare, still counts every event it applied.
 */
const COUNTABLE_PAGE_AGE_MS = 58_000;

export async function runAtRate(
  browser: Browser,
  stack: Stack,
  config: BrowserBenchConfig,
  rate: number,
  round: number,
  log: (line: string) => void,
): Promise<RunResult> {
  const context = await newContext(browser);
  try {
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on("pageerror", (error) => pageErrors.push(String(error).slice(0, 300)));
    await installProbe(page);

    const id = `bench-${rate}-${round}-${Date.now().toString(36)}`;
    const label = `${rate} events/s, round ${round}`;
    const url = `${stack.webUrl}/dashboards/${id}`;
    await openDashboard(page, url);
    const meter = await CpuMeter.attach(browser, context, page);

    const producer = new RoomProducer(stack.hub, `dashboard:${id}`);
    const producing = producer.run(
      { rate, durationMs: config.warmupMs + config.windowMs, tickMs: config.tickMs },
      config.statsIntervalMs,
    );
    const producerStart = performance.now();
    log(`${label}: ${url}, warm-up ${config.warmupMs / 1000} s`);
    // The first click runs code paths a later one does not (first input, lazy handlers).
    await acknowledgeNewAlert(page, producer, 0, Math.min(config.warmupMs, 10_000));
    await sleep(Math.max(0, producerStart + config.warmupMs - performance.now()));

    await watchFeed(page);
    await mark(page, "windowStart");
    const cpuBefore = await meter.read();
    const benchCpuBefore = process.cpuUsage();
    const windowStart = performance.now();
    log(`${label}: measuring ${config.windowMs / 1000} s`);
    const loop = await clickThroughWindow(
      page,
      producer,
      {
        startMs: windowStart,
        durationMs: config.windowMs,
        intervalMs: config.clickIntervalMs,
        timeoutMs: config.clickTimeoutMs,
      },
      1,
    );
    await sleep(Math.max(0, windowStart + config.windowMs - performance.now()));
    await mark(page, "windowEnd");
    const cpuAfter = await meter.read();
    const benchCpu = process.cpuUsage(benchCpuBefore);
    await unwatchFeed(page);

    const produced = await producing;
    await producer.settled();
    // Each acknowledged alert is an event too: the page appends an `alert_acknowledged` to the
    // room through the hub (issue #15), and its store applies it like the producer's.
    const acknowledgements = loop.attempted - loop.failed + 1;
    const published =
      Object.values(producer.published).reduce((sum, n) => sum + n, 0) + acknowledgements;
    const screen = await waitForStore(page, published, config.settleMs);
    const countable = performance.now() - producerStart < COUNTABLE_PAGE_AGE_MS;
    const data = await collect(page);
    await meter.detach();

    const start = data.marks.windowStart ?? Number.NaN;
    const end = data.marks.windowEnd ?? Number.NaN;
    const windowMs = end - start;
    const result: RunResult = {
      rate,
      round,
      url,
      windowMs,
      produce: {
        ...produced,
        events: { ...producer.published },
        publishErrors: producer.publishErrors,
      },
      store: { published, applied: cardNumber(screen.eventsPerMinute), countable },
      screen,
      feed: { ...data.feed, commitsPerSecond: (data.feed.commits * 1000) / windowMs },
      frames: frameFigures(data.frames, start, end),
      longTasks: longTaskFigures(data, start, end),
      clicks: { ...clickFigures(data, start, end), loop },
      cpu: {
        mainThread: mainThreadSeconds(cpuBefore, cpuAfter),
        byProcessType: cpuByType(cpuBefore, cpuAfter),
        benchProcessSeconds: (benchCpu.user + benchCpu.system) / 1e6,
      },
      pageErrors,
      checks: [],
    };
    result.checks = checksOf(result, producer);
    return result;
  } finally {
    await context.close().catch(() => {});
  }
}

/**
 * Until the store applied `published` events (the "Events / min" card), or `timeoutMs`; then
 * one more moment, so the last events are on screen too. Returns what the page shows then.
 */
async function waitForStore(
  page: Page,
  published: number,
  timeoutMs: number,
): Promise<ScreenState> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    const applied = cardNumber((await readScreen(page)).eventsPerMinute);
    if (applied !== null && applied >= published) break;
    await sleep(100);
  }
  await sleep(200);
  return readScreen(page);
}

/** "11,615" → 11615; null when the card is missing or not a number. */
function cardNumber(text: string | null): number | null {
  const value = text === null ? Number.NaN : Number(text.replaceAll(",", ""));
  return Number.isFinite(value) ? value : null;
}

function mainThreadSeconds(before: CpuReading, after: CpuReading): RunResult["cpu"]["mainThread"] {
  return {
    task: after.page.task - before.page.task,
    script: after.page.script - before.page.script,
    layout: after.page.layout - before.page.layout,
    recalcStyle: after.page.recalcStyle - before.page.recalcStyle,
  };
}
