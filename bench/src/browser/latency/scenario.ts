import { loadavg } from "node:os";
import type { Browser, Page } from "@playwright/test";
import { sleep } from "../../clock.js";
import { newContext, openWindow } from "../chromium.js";
import type { LatencyConfig } from "../config.js";
import { openDashboard } from "../dashboard-page.js";
import { PROBE, readScreen } from "../probe.js";
import { latencyChecks } from "./checks.js";
import { benchNowMs, type ClockOffset } from "./clock.js";
import { MARKER_PREFIX, MarkerProducer } from "./marker-producer.js";
import {
  installLatencyProbe,
  measureClockOffset,
  type PageLatencyData,
  readLatency,
  unwatchLatency,
  waitForFeeds,
  watchLatency,
} from "./page.js";
import { httpPublisher, natsPublisher, type PublishPath } from "./publisher.js";
import type { LatencyStack } from "./stack.js";
import { connectionsGauge, type LatencySummary, latenciesOf, summarizeLatency } from "./summary.js";
import { WsReceiver } from "./ws-receiver.js";

/** One publish-to-pixel run: one publish path, `tabs` tabs of one fresh browser context, one rate. */
export interface LatencyRun {
  path: PublishPath;
  tabs: number;
  rate: number;
  url: string;
  /** Events published in the window (the warm-up's are not counted). */
  published: number;
  publishErrors: number;
  /** Publish → the plain `ws` client's receive: the hub's own latency. */
  hub: LatencySummary;
  hubMissing: number;
  /** Publish → the feed row in the DOM, every tab's rows together. */
  dom: LatencySummary;
  /** Rows of the window's events that never appeared, over all tabs. */
  domMissing: number;
  /** Publish → the first animation frame after the row was inserted (the one that paints it). */
  frame: LatencySummary;
  /** Each tab's DOM p99, for a tab that lags the others. */
  domP99ByTab: number[];
  /** The hub's `pulseboard_connections` with every tab live, before the plain client joined. */
  connections: number | null;
  /** Each tab's clock against the bench's. */
  clocks: ClockOffset[];
  /** Each tab's document.visibilityState while watched. */
  visibility: string[];
  pageErrors: string[];
  /** When the last tab's observer was in place, from the window's start (> 0: too late). */
  observersLateMs: number;
  /** The DOM observer's own work, every tab: callbacks, and ms spent in them. */
  observer: { calls: number; totalMs: number };
  /** Load average (1 min) when the window ended. */
  loadAverage: number;
  checks: { name: string; ok: boolean; detail: string }[];
}

/** How long a closed context's connection may take to leave the hub's count. */
const CONNECTIONS_SETTLE_MS = 5_000;
const TICK_MS = 10;

export async function runLatency(
  browser: Browser,
  stack: LatencyStack,
  config: LatencyConfig,
  scenario: { path: PublishPath; tabs: number; rate: number },
  log: (line: string) => void,
): Promise<LatencyRun> {
  const { path, tabs, rate } = scenario;
  const label = `publish-to-pixel ${path}, ${tabs} tab(s), ${rate} events/s`;
  const context = await newContext(browser);
  let receiver: WsReceiver | undefined;
  try {
    const id = `p2p-${path}-${tabs}-${rate}-${Date.now().toString(36)}`;
    const url = `${stack.webUrl}/dashboards/${id}`;
    const room = `dashboard:${id}`;
    const pageErrors: string[] = [];
    const pages: Page[] = [];
    for (let i = 0; i < tabs; i++) {
      // Each dashboard in a window of its own, all of them drawn (see openWindow).
      const opener = pages[0];
      const page =
        opener === undefined ? await context.newPage() : await openWindow(context, opener);
      page.on("pageerror", (error) =>
        pageErrors.push(`tab ${i + 1}: ${String(error).slice(0, 300)}`),
      );
      await installLatencyProbe(page);
      await openDashboard(page, url);
      pages.push(page);
    }
    log(`${label}: ${url}`);
    const connections = await settledConnections(stack.hub.url, 1);
    const clocks: ClockOffset[] = [];
    for (const page of pages) clocks.push(await measureClockOffset(page));

    receiver = await WsReceiver.connect(stack.hub.wsUrl, room);
    const publisher =
      path === "nats" ? natsPublisher(stack.hub) : httpPublisher(stack.hub.url, stack.publishToken);
    const producer = new MarkerProducer(publisher, room);
    // Armed before the first event; each attaches when its feed renders, which the seed event
    // makes happen before the run (busy tabs can take longer than the warm-up).
    await Promise.all(pages.map((page) => watchLatency(page, MARKER_PREFIX)));
    await producer.seed();
    await waitForFeeds(pages);
    const producing = producer.run(rate, config.warmupMs + config.windowMs, TICK_MS);
    // The window is fixed by publish time, whenever the busy tabs get to render.
    const window = { start: benchNowMs() + config.warmupMs, end: Number.NaN };
    await sleep(Math.max(0, window.start - benchNowMs()));
    log(`${label}: measuring ${config.windowMs / 1000} s`);
    await producing;
    window.end = benchNowMs();
    const loadAverage = loadavg()[0] ?? Number.NaN;
    await producer.settled();
    const windowIds = [...producer.publishedAt]
      .filter(([, at]) => at >= window.start && at <= window.end)
      .map(([eventId]) => eventId)
      .sort();
    const expected = windowIds.length;
    await waitForRows(pages, windowIds[0] ?? "", expected, config.settleMs);
    const data: PageLatencyData[] = [];
    for (const page of pages) {
      await unwatchLatency(page);
      data.push(await readLatency(page));
    }
    const screens = await Promise.all(pages.map((page) => readScreen(page)));
    // A tab whose feed appeared only after the window opened (never: Infinity) missed rows.
    const observersLateMs = Math.max(
      ...data.map((tab) => (tab.watchingSince ?? Number.POSITIVE_INFINITY) - window.start),
    );

    const hub = latenciesOf(producer.publishedAt, receiver.sightings, window);
    const perTab = data.map((tab) => ({
      dom: latenciesOf(
        producer.publishedAt,
        tab.rows.map(([user, domAt]) => [user, domAt] as const),
        window,
      ),
      frame: latenciesOf(
        producer.publishedAt,
        tab.rows.map(([user, , frameAt]) => [user, frameAt] as const),
        window,
      ),
    }));
    const run: LatencyRun = {
      path,
      tabs,
      rate,
      url,
      published: expected,
      publishErrors: producer.publishErrors,
      hub: summarizeLatency(hub.values),
      hubMissing: hub.missing,
      dom: summarizeLatency(perTab.flatMap((t) => t.dom.values)),
      domMissing: perTab.reduce((sum, t) => sum + t.dom.missing, 0),
      frame: summarizeLatency(perTab.flatMap((t) => t.frame.values)),
      domP99ByTab: perTab.map((t) => summarizeLatency(t.dom.values).p99),
      connections,
      clocks,
      visibility: data.map((tab) => [...new Set(tab.visibility)].join("→")),
      pageErrors,
      observersLateMs,
      observer: {
        calls: data.reduce((sum, tab) => sum + tab.observerCalls, 0),
        totalMs: data.reduce((sum, tab) => sum + tab.observerMs, 0),
      },
      loadAverage,
      checks: [],
    };
    run.checks = latencyChecks(run, {
      live: screens.map((s) => s.connection),
      firstPublishError: producer.firstError,
    });
    return run;
  } finally {
    receiver?.close();
    await context.close().catch(() => {});
  }
}

/**
 * The hub's connection count once it is `expected` (a previous run's closed context may still
 * be leaving), or whatever it is after CONNECTIONS_SETTLE_MS; null when the scrape fails.
 */
async function settledConnections(hubUrl: string, expected: number): Promise<number | null> {
  const deadline = benchNowMs() + CONNECTIONS_SETTLE_MS;
  let count: number | null = null;
  do {
    try {
      count = connectionsGauge(await (await fetch(`${hubUrl}/metrics`)).text());
    } catch {
      count = null;
    }
    if (count === expected) return count;
    await sleep(100);
  } while (benchNowMs() < deadline);
  return count;
}

/**
 * Until every tab shows the `expected` rows of the window's events (ids from `firstId` on: the
 * ids are zero-padded and increasing), or `timeoutMs`.
 */
async function waitForRows(
  pages: Page[],
  firstId: string,
  expected: number,
  timeoutMs: number,
): Promise<void> {
  const count = `${PROBE}.latency().rows.filter((row) => row[0] >= ${JSON.stringify(firstId)}).length`;
  const deadline = benchNowMs() + timeoutMs;
  while (benchNowMs() < deadline) {
    const counts = await Promise.all(pages.map((page) => page.evaluate<number>(count)));
    if (counts.every((n) => n >= expected)) return;
    await sleep(200);
  }
}
