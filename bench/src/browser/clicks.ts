import { performance } from "node:perf_hooks";
import type { Page } from "@playwright/test";
import { sleep } from "../clock.js";
import type { RoomProducer } from "./producer.js";

/**
 * The clicks of a run. The control is the dashboard's own "Acknowledge" button of a detection
 * alert (packages/ui AlertsPanel): a real handler that updates the store and re-renders the
 * room. Before each click a new alert is published; it renders on top of the panel, so every
 * click lands at the same place, and a click cannot hit an alert acknowledged before.
 */

export interface ClickLoopResult {
  attempted: number;
  failed: number;
  /** Slots passed over because the previous click was still running. */
  skipped: number;
  errors: string[];
}

/** Publishes alert `n` and clicks its Acknowledge button once it is on the page. */
export async function acknowledgeNewAlert(
  page: Page,
  producer: RoomProducer,
  n: number,
  timeoutMs: number,
): Promise<void> {
  const title = producer.publishAlert(n);
  // A CSS attribute selector: cheaper for the busy page than an accessibility-tree query.
  const label = JSON.stringify(`Acknowledge alert: ${title}`);
  await page.locator(`button[aria-label=${label}]`).click({ timeout: timeoutMs });
}

/**
 * One click per `intervalMs` from `startMs` (performance.now() of this process) for
 * `durationMs`, each in the middle of its slot. A click still running when its successor's slot
 * ends makes that slot skipped, so a slow page gets fewer clicks, not a longer run.
 */
export async function clickThroughWindow(
  page: Page,
  producer: RoomProducer,
  options: { startMs: number; durationMs: number; intervalMs: number; timeoutMs: number },
  firstAlert: number,
): Promise<ClickLoopResult> {
  const result: ClickLoopResult = { attempted: 0, failed: 0, skipped: 0, errors: [] };
  const end = options.startMs + options.durationMs;
  for (let slot = 0; ; slot++) {
    const at = options.startMs + (slot + 0.5) * options.intervalMs;
    if (at > end) break;
    const now = performance.now();
    if (now > at + options.intervalMs / 2) {
      result.skipped++;
      continue;
    }
    await sleep(at - now);
    result.attempted++;
    try {
      await acknowledgeNewAlert(page, producer, firstAlert + slot, options.timeoutMs);
    } catch (error) {
      result.failed++;
      if (result.errors.length < 5) result.errors.push(String(error).split("\n")[0] ?? "");
    }
  }
  return result;
}
