import { expect, type Locator, type Page } from "@playwright/test";

/** Number as the stat cards print it (en-US grouping): 2000 → "2,000". */
export function count(value: number): string {
  return new Intl.NumberFormat("en-US").format(value);
}

/**
 * A dashboard page, located the way a person reads it: by roles and visible labels of the
 * `@pulseboard/ui` components (connection badge, stat cards, activity feed, alerts, syncs,
 * toasts), never by component internals.
 */
export class Dashboard {
  constructor(readonly page: Page) {}

  /** `/` (room global) or `/dashboards/<id>` (room `dashboard:<id>`). */
  async open(path: string): Promise<void> {
    await this.page.goto(path);
  }

  /** The connection badge's state word: Live, Connecting…, Reconnecting, Offline. */
  get connectionState(): Locator {
    return this.page.locator(".pb-conn").getByRole("status");
  }

  get badge(): Locator {
    return this.page.locator(".pb-conn");
  }

  async expectLive(timeout?: number): Promise<void> {
    await expect(this.connectionState).toHaveText("Live", timeout === undefined ? {} : { timeout });
  }

  get statistics(): Locator {
    return this.page.getByRole("region", { name: "Statistics" });
  }

  /** The value of one stat card: "Total playbacks", "Unique users", "Events / min", "Playing now". */
  stat(label: string): Locator {
    return this.statistics
      .locator(".pb-stat")
      .filter({ has: this.page.locator("dt", { hasText: new RegExp(`^${escapeRegExp(label)}$`) }) })
      .locator("dd");
  }

  get feed(): Locator {
    return this.page.getByRole("log", { name: "Recent activity" });
  }

  get feedRows(): Locator {
    return this.feed.getByRole("listitem");
  }

  /** The users of the feed's rows, newest first. */
  feedUsers(): Promise<string[]> {
    return this.feed.locator(".pb-feed__user").allTextContents();
  }

  get alerts(): Locator {
    return this.page.getByRole("region", { name: "Detection alerts" });
  }

  get syncs(): Locator {
    return this.page.getByRole("region", { name: "Syncs" });
  }

  /** Who has this room open: one avatar per viewer (user), "+N" beyond the first few. */
  get viewers(): Locator {
    return this.page.getByRole("list", { name: "Viewers" }).getByRole("listitem");
  }

  /** What the other viewers are doing ("Amber Otter · viewing Detection alerts"). */
  get viewerActivity(): Locator {
    return this.page.getByRole("list", { name: "Viewer activity" }).getByRole("listitem");
  }

  /** The toast offering to reload after a `dashboard_refresh`. */
  get refreshToast(): Locator {
    return this.page
      .getByRole("region", { name: "Notifications" })
      .getByRole("status")
      .filter({ hasText: "A refresh of this dashboard was requested" });
  }

  /** Critical-alert toasts. */
  get toasts(): Locator {
    return this.page.getByRole("region", { name: "Notifications" }).getByRole("alert");
  }

  /** The dashboard's error panel (token, refused, unreachable), not the toasts. */
  get errorPanel(): Locator {
    return this.page.locator(".dashboard").getByRole("alert");
  }

  /**
   * The connection state word, the error panel's title and whether the "No data yet"
   * placeholder shows, read in one go (so they describe the same moment).
   */
  problemSnapshot(): Promise<{
    state: string | null;
    problem: string | null;
    placeholder: boolean;
  }> {
    return this.page.evaluate(() => ({
      state: document.querySelector(".pb-conn [role=status]")?.textContent ?? null,
      problem:
        document.querySelector(".dashboard > [role=alert] .pb-error__title")?.textContent ?? null,
      placeholder: document.querySelector(".dashboard > .pb-empty") !== null,
    }));
  }

  /**
   * Waits until the page says the hub refused it: "Reconnecting", the refused panel, and no
   * placeholder pretending it is still connecting. Sampled in one go: during each retry itself
   * the panel briefly gives way to "Connecting…".
   */
  async expectRefused(timeout = 20_000): Promise<void> {
    await expect
      .poll(() => this.problemSnapshot(), { timeout })
      .toEqual({
        state: "Reconnecting",
        problem: "The hub refused the connection",
        placeholder: false,
      });
  }

  /** The "No data yet" placeholder (with "Connecting…" or "Waiting for the first event"). */
  get emptyState(): Locator {
    return this.page.locator(".dashboard").getByRole("status").filter({ hasText: "No data yet" });
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}
