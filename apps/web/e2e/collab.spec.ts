import type { Browser, BrowserContext } from "@playwright/test";
import { Dashboard } from "./support/dashboard";
import { dashboardRefresh, playbacks, stats, uniqueId } from "./support/events";
import { expect, test } from "./support/fixtures";
import type { Stack } from "./support/stack";

/**
 * Scenario 8: collaborative dashboards. One socket per browser through the SharedWorker (the
 * hub counts it), a socket per tab where the browser has no SharedWorker, presence and
 * indicators between two browsers (two cookie jars: two development viewers), and the reload
 * offer after a `dashboard_refresh`.
 */

async function newBrowserContext(browser: Browser, stack: Stack): Promise<BrowserContext> {
  return browser.newContext({ baseURL: stack.webUrl });
}

function nth(tabs: readonly Dashboard[], index: number): Dashboard {
  const tab = tabs[index];
  if (tab === undefined) throw new Error(`no tab ${index}`);
  return tab;
}

async function openTabs(context: BrowserContext, paths: readonly string[]): Promise<Dashboard[]> {
  const tabs: Dashboard[] = [];
  for (const path of paths) {
    const tab = new Dashboard(await context.newPage());
    await tab.open(path);
    tabs.push(tab);
  }
  for (const tab of tabs) await tab.expectLive();
  return tabs;
}

test("five tabs of one browser are one connection at the hub", async ({
  browser,
  stack,
  producer,
}) => {
  const a = uniqueId("tabs-a");
  const b = uniqueId("tabs-b");
  const before = await stack.hubConnections("a");
  const context = await newBrowserContext(browser, stack);
  try {
    const paths = [
      `/dashboards/${a}`,
      `/dashboards/${b}`,
      `/dashboards/${a}`,
      "/",
      `/dashboards/${b}`,
    ];
    const tabs = await openTabs(context, paths);
    await expect.poll(() => stack.hubConnections("a")).toBe(before + 1);

    await producer.publishAll(`dashboard:${a}`, [...playbacks(a, 1, 2), stats(20, 2)]);
    await producer.publishAll(`dashboard:${b}`, [...playbacks(b, 1, 3), stats(30, 3)]);
    for (const tab of [nth(tabs, 0), nth(tabs, 2)]) {
      await expect(tab.stat("Total playbacks")).toHaveText("20");
    }
    for (const tab of [nth(tabs, 1), nth(tabs, 4)]) {
      await expect(tab.stat("Total playbacks")).toHaveText("30");
    }
    // Each tab was handed each of its room's events exactly once: "Events / min" counts every
    // delivery (duplicates included), unlike the feed and the stats, which merge by id.
    for (const tab of [nth(tabs, 0), nth(tabs, 2)]) {
      await expect(tab.stat("Events / min")).toHaveText("3");
    }
    for (const tab of [nth(tabs, 1), nth(tabs, 4)]) {
      await expect(tab.stat("Events / min")).toHaveText("4");
    }
    // Each tab shows its own room only, though they share the socket.
    expect(await nth(tabs, 0).feedUsers()).toEqual([`${a}-user-2`, `${a}-user-1`]);
    expect(await nth(tabs, 4).feedUsers()).toEqual([`${b}-user-3`, `${b}-user-2`, `${b}-user-1`]);

    // A tab opened later on a room the socket already follows starts from its state.
    const late = nth(await openTabs(context, [`/dashboards/${a}`]), 0);
    await expect(late.stat("Total playbacks")).toHaveText("20");
    expect(await late.feedUsers()).toEqual([`${a}-user-2`, `${a}-user-1`]);
    // One browser is one viewer, however many tabs it has.
    await expect(late.viewers).toHaveCount(1);
    expect(await stack.hubConnections("a")).toBe(before + 1);

    // Tabs leaving do not close the shared socket; the last one does.
    for (const tab of tabs) await tab.page.close();
    await producer.publishAll(`dashboard:${a}`, playbacks(a, 3, 1));
    await expect(late.feedRows.first()).toContainText(`${a}-user-3`);
    expect(await stack.hubConnections("a")).toBe(before + 1);
    await late.page.close();
    await expect.poll(() => stack.hubConnections("a")).toBe(before);
  } finally {
    await context.close();
  }
});

test("without SharedWorker every tab has its own socket", async ({ browser, stack, producer }) => {
  const id = uniqueId("nosw");
  const before = await stack.hubConnections("a");
  const context = await newBrowserContext(browser, stack);
  await context.addInitScript(() => {
    // As in a browser without SharedWorker (e.g. Chrome on Android).
    Reflect.deleteProperty(globalThis, "SharedWorker");
  });
  try {
    const tabs = await openTabs(context, [`/dashboards/${id}`, `/dashboards/${id}`]);
    await expect.poll(() => stack.hubConnections("a")).toBe(before + 2);
    await producer.publishAll(`dashboard:${id}`, [...playbacks(id, 1, 2), stats(2, 2)]);
    for (const tab of tabs) await expect(tab.stat("Total playbacks")).toHaveText("2");
  } finally {
    await context.close();
  }
  await expect.poll(() => stack.hubConnections("a")).toBe(before);
});

test("two browsers see each other, what the other looks at, and when one leaves", async ({
  browser,
  stack,
  producer,
}) => {
  const id = uniqueId("presence");
  const anaContext = await newBrowserContext(browser, stack);
  const boContext = await newBrowserContext(browser, stack);
  try {
    await producer.publishAll(`dashboard:${id}`, [stats(1, 1)]);
    const ana = nth(await openTabs(anaContext, [`/dashboards/${id}`]), 0);
    const bo = nth(await openTabs(boContext, [`/dashboards/${id}`]), 0);
    await expect(ana.viewers).toHaveCount(2);
    await expect(bo.viewers).toHaveCount(2);
    // Each marks itself.
    await expect(ana.viewers.filter({ hasText: "(you)" })).toHaveCount(1);

    // Ana points at the alerts panel: Bo sees it; Ana does not list her own activity.
    await ana.alerts.hover();
    await expect(bo.viewerActivity.filter({ hasText: "viewing Detection alerts" })).toHaveCount(1);
    await expect(ana.viewerActivity.filter({ hasText: "viewing Detection alerts" })).toHaveCount(0);

    await boContext.close();
    await expect(ana.viewers).toHaveCount(1);
  } finally {
    await anaContext.close();
    await boContext.close().catch(() => {});
  }
});

test("a dashboard_refresh offers every open copy a reload", async ({
  browser,
  stack,
  producer,
}) => {
  const id = uniqueId("refresh");
  const room = `dashboard:${id}`;
  const context = await newBrowserContext(browser, stack);
  try {
    const tabs = await openTabs(context, [`/dashboards/${id}`, `/dashboards/${id}`]);
    await producer.publishAll(room, [stats(5, 5)]);
    await producer.publishAll(room, [dashboardRefresh("library re-indexed", "ops")]);
    for (const tab of tabs) {
      await expect(tab.refreshToast).toContainText("library re-indexed");
      await expect(tab.refreshToast).toContainText("Requested by ops");
    }
    const first = nth(tabs, 0);
    const second = nth(tabs, 1);
    // Dismissing hides it in that tab only.
    await second.refreshToast.getByRole("button", { name: "Dismiss" }).click();
    await expect(second.refreshToast).toHaveCount(0);
    await expect(first.refreshToast).toHaveCount(1);
    // Reload reloads; the request that caused it is not offered again.
    await Promise.all([
      first.page.waitForEvent("load"),
      first.refreshToast.getByRole("button", { name: "Reload" }).click(),
    ]);
    await first.expectLive();
    await expect(first.stat("Total playbacks")).toHaveText("5");
    await expect(first.refreshToast).toHaveCount(0);
  } finally {
    await context.close();
  }
});
