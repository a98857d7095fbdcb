import type { Browser, BrowserContext } from "@playwright/test";
import { Dashboard } from "./support/dashboard";
import { alert, playbacks, stats, syncProgress, uniqueId } from "./support/events";
import { expect, test } from "./support/fixtures";
import type { Stack } from "./support/stack";

/**
 * Scenario: state on open (issue #15). The page is rendered on the server with the room's
 * state (the hub's /state with the viewer's token), the store is hydrated with it, and the
 * socket continues from its seq: the HTML holds the recent state, a reload keeps it, nothing
 * arrives twice across the hand-off, acknowledgements are everyone's and durable, and "Load
 * older" pages the hub's /events.
 */

function context(browser: Browser, stack: Stack, javaScript = true): Promise<BrowserContext> {
  return browser.newContext({ baseURL: stack.webUrl, javaScriptEnabled: javaScript });
}

/** React's hydration mismatch, as a production build reports it (minified) or a development one. */
const HYDRATION_ERROR = /hydrat|Minified React error #(418|423|425)\b/i;

const ACKNOWLEDGED = /Acknowledged by .+ at \d\d:\d\d:\d\d UTC/;

test("the server-rendered page holds the recent playbacks, open alerts and stat cards", async ({
  browser,
  stack,
  producer,
}) => {
  const id = uniqueId("ssr");
  const room = `dashboard:${id}`;
  await producer.publishAll(room, [
    ...playbacks(id, 1, 6),
    alert({ id: `${id}-alert`, severity: "warning", title: "Concurrent streams" }),
    stats(4_321, 12),
    syncProgress({
      correlation_id: `${id}-sync`,
      status: "running",
      progress: { done: 300, total: 1_200 },
      server_id: "plex-1",
    }),
  ]);

  // The HTML itself, as any client without JavaScript gets it.
  const html = await (await fetch(`${stack.webUrl}/dashboards/${id}`)).text();
  // Rendered markup, not only the serialized props of the client component.
  for (let n = 1; n <= 6; n++) {
    expect(html).toMatch(new RegExp(`class="pb-feed__user"[^>]*>${id}-user-${n}<`));
  }
  expect(html).toMatch(/class="pb-alert__title"[^>]*>Concurrent streams</);
  expect(html).toContain("4,321");
  expect(html).not.toContain("No data yet");

  // And as a browser with JavaScript off shows it.
  const noScript = await context(browser, stack, false);
  try {
    const page = new Dashboard(await noScript.newPage());
    await page.open(`/dashboards/${id}`);
    await expect(page.feedRows).toHaveCount(6);
    expect(await page.feedUsers()).toEqual(
      Array.from({ length: 6 }, (_, i) => `${id}-user-${6 - i}`),
    );
    await expect(page.stat("Total playbacks")).toHaveText("4,321");
    await expect(page.alerts.getByText("1 open")).toBeVisible();
    await expect(page.alerts.getByRole("listitem")).toContainText("Concurrent streams");
    await expect(
      page.syncs.getByRole("progressbar", { name: "library_sync on plex-1" }),
    ).toHaveAttribute("aria-valuenow", "25");
  } finally {
    await noScript.close();
  }
});

test("K events before the page and M after: the feed shows exactly K + M, none twice", async ({
  dashboard,
  producer,
  page,
}) => {
  const id = uniqueId("handoff");
  const room = `dashboard:${id}`;
  const K = 12;
  const M = 8;
  // Both renders come from one store as of the server's render time: React must not find a
  // difference while hydrating (it would log it and render the page again from scratch).
  const hydrationErrors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error" && HYDRATION_ERROR.test(message.text())) {
      hydrationErrors.push(message.text());
    }
  });
  page.on("pageerror", (error) => {
    if (HYDRATION_ERROR.test(error.message)) hydrationErrors.push(error.message);
  });
  await producer.publishMany(room, playbacks(id, 1, K));
  await dashboard.open(`/dashboards/${id}`);
  // From the first paint, before the socket is live: no empty flash.
  await expect(dashboard.feedRows).toHaveCount(K);
  await dashboard.expectLive();
  await producer.publishMany(room, playbacks(id, K + 1, M));
  await expect(dashboard.feedRows).toHaveCount(K + M);
  const users = await dashboard.feedUsers();
  expect(new Set(users).size).toBe(K + M);
  expect(users[0]).toBe(`${id}-user-${K + M}`);
  // Every event of the room counted once: the K from the server's state at their hub time,
  // the M as they came.
  await expect(dashboard.stat("Events / min")).toHaveText(String(K + M));
  expect(hydrationErrors).toEqual([]);
});

test("a reload keeps the feed, the open alerts and the chart", async ({
  dashboard,
  producer,
  page,
}) => {
  const id = uniqueId("reload");
  const room = `dashboard:${id}`;
  await dashboard.open(`/dashboards/${id}`);
  await dashboard.expectLive();
  await producer.publishAll(room, [
    ...playbacks(id, 1, 9),
    alert({ id: `${id}-a`, severity: "warning", title: "Impossible travel" }),
    stats(900, 9),
  ]);
  await expect(dashboard.feedRows).toHaveCount(9);
  await expect(dashboard.stat("Events / min")).toHaveText("11");

  await page.reload();
  await expect(dashboard.feedRows).toHaveCount(9);
  await expect(dashboard.alerts.getByText("1 open")).toBeVisible();
  await expect(
    dashboard.alerts.getByRole("button", { name: "Acknowledge alert: Impossible travel" }),
  ).toBeVisible();
  await expect(dashboard.stat("Total playbacks")).toHaveText("900");
  await dashboard.expectLive();
  // The chart starts from the room's recent minutes, not flat.
  await expect(page.locator(".pb-chart__summary")).toContainText(/peak [1-9]/);
  await expect(dashboard.stat("Events / min")).toHaveText("11");
  await expect(dashboard.feedRows).toHaveCount(9);
});

test("an alert acknowledged in one browser shows as acknowledged in another, and after a reload", async ({
  browser,
  stack,
  producer,
}) => {
  const id = uniqueId("ack");
  const room = `dashboard:${id}`;
  const title = "Shared account";
  const first = await context(browser, stack);
  const second = await context(browser, stack);
  try {
    const one = new Dashboard(await first.newPage());
    const two = new Dashboard(await second.newPage());
    for (const page of [one, two]) {
      await page.open(`/dashboards/${id}`);
      await page.expectLive();
    }
    await producer.publish(room, alert({ id: `${id}-1`, severity: "warning", title }));
    for (const page of [one, two]) await expect(page.alerts.getByText("1 open")).toBeVisible();

    await one.alerts.getByRole("button", { name: `Acknowledge alert: ${title}` }).click();
    for (const page of [one, two]) {
      await expect(page.alerts.getByRole("listitem")).toContainText(ACKNOWLEDGED);
      await expect(page.alerts.getByText("0 open")).toBeVisible();
      await expect(page.alerts.getByRole("button")).toHaveCount(0);
    }
    const who = await two.alerts.getByRole("listitem").textContent();

    await two.page.reload();
    await expect(two.alerts.getByRole("listitem")).toContainText(ACKNOWLEDGED);
    expect(await two.alerts.getByRole("listitem").textContent()).toBe(who);
    await expect(two.alerts.getByRole("button")).toHaveCount(0);
  } finally {
    await first.close();
    await second.close();
  }
});

test("Load older pages back through the hub's /events until nothing older remains", async ({
  dashboard,
  producer,
  page,
}) => {
  const id = uniqueId("older");
  const room = `dashboard:${id}`;
  const total = 230; // more than the page's history (200), so the last page comes from /events
  await producer.publishMany(room, playbacks(id, 1, total));
  await dashboard.open(`/dashboards/${id}`);
  await expect(dashboard.feedRows).toHaveCount(50);
  const loadOlder = page.getByRole("button", { name: "Load older" });
  for (const shown of [100, 150, 200, total]) {
    await loadOlder.click();
    await expect(dashboard.feedRows).toHaveCount(shown);
  }
  await expect(page.getByText("No older playbacks")).toBeVisible();
  const users = await dashboard.feedUsers();
  expect(users).toEqual(Array.from({ length: total }, (_, i) => `${id}-user-${total - i}`));
});

test("with the hub down at render the page renders empty, then connects and opens with the room's history", async ({
  dashboard,
  producer,
  stack,
}) => {
  const id = uniqueId("down");
  const room = `dashboard:${id}`;
  await producer.publishMany(room, playbacks(id, 1, 4));
  await stack.setProxyOrder(["a"]);
  await stack.killHub("a");
  await dashboard.open(`/dashboards/${id}`);
  await expect(dashboard.emptyState).toBeVisible();
  await expect(dashboard.feedRows).toHaveCount(0);

  await stack.startHub("a");
  await dashboard.expectLive(60_000);
  // No server state to continue from: the socket asked for history=N instead.
  await expect(dashboard.feedRows).toHaveCount(4);
  await producer.publishMany(room, playbacks(id, 5, 2));
  await expect(dashboard.feedRows).toHaveCount(6);
  expect(new Set(await dashboard.feedUsers()).size).toBe(6);
});
