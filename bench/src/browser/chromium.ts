import {
  type Browser,
  type BrowserContext,
  type CDPSession,
  chromium,
  type Page,
} from "@playwright/test";
import { CHROMIUM_ARGS, CHROMIUM_VIEWPORT } from "@pulseboard/testkit";

/**
 * Debian's Chromium (Playwright's own browsers are never downloaded here), launched with the
 * e2e suite's flags and viewport (`@pulseboard/testkit`, which apps/web/playwright.config.ts
 * reads too, so both stay the same).
 */
export function launchChromium(executablePath: string): Promise<Browser> {
  return chromium.launch({
    executablePath,
    headless: true,
    args: [...CHROMIUM_ARGS],
    timeout: 30_000,
  });
}

export function newContext(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({
    viewport: CHROMIUM_VIEWPORT,
  });
}

/**
 * A page in a window of its own, in `opener`'s browser context (same profile, so the same
 * SharedWorker): opened by `window.open` as a popup, which Chromium gives its own window. Pages
 * from `context.newPage()` are tabs of one window, of which Chromium draws only the front one:
 * headless, the others still say `visibilityState: "visible"` but get frames about once a
 * second once their content changes, so their `requestAnimationFrame` stalls. Five dashboards
 * a user watches at once are five windows.
 */
export async function openWindow(context: BrowserContext, opener: Page): Promise<Page> {
  const { width, height } = CHROMIUM_VIEWPORT;
  const [page] = await Promise.all([
    context.waitForEvent("page"),
    opener.evaluate(
      `void window.open("about:blank", "_blank", "popup,noopener,width=${width},height=${height}")`,
    ),
  ]);
  await page.setViewportSize(CHROMIUM_VIEWPORT);
  return page;
}

/** CPU seconds so far, per Chromium process type, and the page's main-thread busy times. */
export interface CpuReading {
  /** Cumulative CPU seconds of every process, all threads, by process id. */
  processes: { id: number; type: string; cpuSeconds: number }[];
  /** `Performance.getMetrics` of the page: seconds its renderer's main thread spent busy. */
  page: { task: number; script: number; layout: number; recalcStyle: number };
}

/** CPU use of the browser, read over the DevTools protocol. */
export class CpuMeter {
  private constructor(
    private readonly browserSession: CDPSession,
    private readonly pageSession: CDPSession,
  ) {}

  static async attach(browser: Browser, context: BrowserContext, page: Page): Promise<CpuMeter> {
    const browserSession = await browser.newBrowserCDPSession();
    const pageSession = await context.newCDPSession(page);
    // Thread ticks make the durations CPU time of the main thread rather than wall time
    // (a descheduled thread on a busy 2-core machine is not the page's cost).
    try {
      await pageSession.send("Performance.enable", { timeDomain: "threadTicks" });
    } catch {
      await pageSession.send("Performance.enable");
    }
    return new CpuMeter(browserSession, pageSession);
  }

  async read(): Promise<CpuReading> {
    const [{ processInfo }, { metrics }] = await Promise.all([
      this.browserSession.send("SystemInfo.getProcessInfo"),
      this.pageSession.send("Performance.getMetrics"),
    ]);
    const metric = (name: string) => metrics.find((m) => m.name === name)?.value ?? Number.NaN;
    return {
      processes: processInfo.map((p) => ({ id: p.id, type: p.type, cpuSeconds: p.cpuTime })),
      page: {
        task: metric("TaskDuration"),
        script: metric("ScriptDuration"),
        layout: metric("LayoutDuration"),
        recalcStyle: metric("RecalcStyleDuration"),
      },
    };
  }

  async detach(): Promise<void> {
    await Promise.allSettled([this.browserSession.detach(), this.pageSession.detach()]);
  }
}

/** CPU seconds used between two readings, summed by process type (renderer, browser, gpu, …). */
export function cpuByType(before: CpuReading, after: CpuReading): Record<string, number> {
  const start = new Map(before.processes.map((p) => [p.id, p.cpuSeconds]));
  const byType: Record<string, number> = {};
  for (const p of after.processes) {
    const used = p.cpuSeconds - (start.get(p.id) ?? 0);
    byType[p.type] = (byType[p.type] ?? 0) + used;
  }
  return byType;
}
