import { Dashboard } from "./support/dashboard";
import { alert, playbacks, stats, syncProgress, uniqueId } from "./support/events";
import { expect, test } from "./support/fixtures";

/**
 * Scenario 4: room isolation. `/dashboards/a` follows room `dashboard:a` only: events of
 * `dashboard:b` (published before and after a's, every type) never show there, while the page
 * of b shows them. A sentinel published last to a proves a's page has received everything that
 * came before it in the stream, b's events included, had they been sent.
 */
test("/dashboards/a never shows events of dashboard:b", async ({ dashboard, producer, page }) => {
  const suffix = uniqueId("iso");
  const a = `a-${suffix}`;
  const b = `b-${suffix}`;

  await dashboard.open(`/dashboards/${a}`);
  const pageB = new Dashboard(await page.context().newPage());
  await pageB.open(`/dashboards/${b}`);
  await dashboard.expectLive();
  await pageB.expectLive();
  await expect(dashboard.page.getByRole("heading", { level: 1 })).toHaveText(`Dashboard ${a}`);

  await producer.publishAll(`dashboard:${b}`, [
    ...playbacks(b, 1, 3),
    stats(300, 30),
    syncProgress({ correlation_id: `${b}-sync`, status: "running", progress: 0.5 }),
    alert({ id: `${b}-alert`, severity: "critical", title: "Only in room b" }),
  ]);
  await producer.publishAll(`dashboard:${a}`, [...playbacks(a, 1, 2), stats(2, 2)]);
  await producer.publishAll(`dashboard:${b}`, playbacks(b, 4, 2));
  await producer.publishAll(`dashboard:${a}`, playbacks(a, 3, 1));

  // b's page has all of b's events.
  await expect(pageB.stat("Playing now")).toHaveText("5");
  await expect(pageB.stat("Total playbacks")).toHaveText("300");
  await expect(pageB.toasts).toContainText("Critical: Only in room b");
  await expect(pageB.syncs.getByRole("progressbar")).toHaveAttribute("aria-valuenow", "50");

  // a's page: its sentinel (the last event published) is there, so everything before it was
  // delivered or filtered; exactly a's events are shown.
  await expect(dashboard.feedRows.first()).toContainText(`${a}-user-3`);
  expect(await dashboard.feedUsers()).toEqual([`${a}-user-3`, `${a}-user-2`, `${a}-user-1`]);
  await expect(dashboard.stat("Total playbacks")).toHaveText("2");
  await expect(dashboard.stat("Playing now")).toHaveText("3");
  await expect(dashboard.stat("Events / min")).toHaveText("4");
  await expect(dashboard.alerts).toContainText("No alerts");
  await expect(dashboard.toasts).toHaveCount(0);
  await expect(dashboard.syncs).toContainText("No syncs running");
  await expect(dashboard.page.getByText(b)).toHaveCount(0);
  await expect(dashboard.page.getByText("Only in room b")).toHaveCount(0);

  // And the other way round.
  await expect(pageB.page.getByText(a)).toHaveCount(0);
});
