import { join } from "node:path";
import { alert, playback, stats, syncCompleted, syncProgress, uniqueId } from "./support/events";
import { expect, test } from "./support/fixtures";

/**
 * Scenario 1: every event type a producer publishes to NATS reaches the overview dashboard
 * (room `global`) and is shown where a person looks for it.
 */
test("every event type published to NATS appears on the overview dashboard", async ({
  dashboard,
  producer,
  page,
}, testInfo) => {
  const tag = uniqueId("ev");
  await dashboard.open("/");
  await expect(page.getByRole("heading", { level: 1, name: "Overview" })).toBeVisible();
  await dashboard.expectLive();
  await expect(dashboard.emptyState).toContainText("Waiting for the first event");

  // playback → a row in the activity feed, and one session playing.
  await producer.publish(
    "global",
    playback({
      id: `${tag}-play`,
      username: "ana",
      title: "Dune: Part Two",
      media_type: "movie",
      platform: "Chrome",
      percent_complete: 42,
    }),
  );
  const row = dashboard.feedRows.filter({ hasText: "Dune: Part Two" });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText("ana is watching Dune: Part Two");
  await expect(row).toContainText("movie");
  await expect(row).toContainText("Chrome");
  await expect(
    row.getByRole("progressbar", { name: "Progress of Dune: Part Two" }),
  ).toHaveAttribute("aria-valuenow", "42");
  await expect(dashboard.stat("Playing now")).toHaveText("1");

  // stats_update → the headline numbers.
  await producer.publish("global", stats(48_213, 1_207));
  await expect(dashboard.stat("Total playbacks")).toHaveText("48,213");
  await expect(dashboard.stat("Unique users")).toHaveText("1,207");

  // sync_progress → a progress bar that moves, then completes.
  const syncId = `${tag}-sync`;
  const barName = { name: "library_sync on plex-1" };
  const bar = dashboard.syncs.getByRole("progressbar", barName);
  // `has` is matched inside each row.
  const sync = dashboard.syncs
    .getByRole("listitem")
    .filter({ has: page.getByRole("progressbar", barName) });
  await producer.publish(
    "global",
    syncProgress({
      correlation_id: syncId,
      status: "running",
      progress: { done: 1_200, total: 4_800 },
      server_id: "plex-1",
      message: "scanning Movies",
    }),
  );
  await expect(bar).toHaveAttribute("aria-valuenow", "25");
  await expect(sync).toContainText("Running");
  await expect(sync).toContainText("25 % · 1,200 of 4,800");
  await expect(sync).toContainText("scanning Movies");
  await expect(dashboard.syncs).toContainText("1 running");

  await producer.publish(
    "global",
    syncProgress({
      correlation_id: syncId,
      status: "running",
      progress: { done: 3_600, total: 4_800 },
      server_id: "plex-1",
    }),
  );
  await expect(bar).toHaveAttribute("aria-valuenow", "75");

  await producer.publish(
    "global",
    syncProgress({
      correlation_id: syncId,
      status: "completed",
      progress: { done: 4_800, total: 4_800 },
      server_id: "plex-1",
    }),
  );
  await expect(bar).toHaveAttribute("aria-valuenow", "100");
  await expect(sync).toContainText("Completed");
  await expect(dashboard.syncs).not.toContainText("running");

  // sync_completed → the summary notice.
  await producer.publish("global", syncCompleted(12, 4_821));
  await expect(page.getByText("Sync completed:")).toBeVisible();
  await expect(page.locator(".pb-notice")).toContainText(
    "Sync completed: 12 new playbacks in 4.8 s",
  );

  // detection_alert → a row in the alerts panel; a critical one also raises a toast.
  await producer.publish(
    "global",
    alert({ id: `${tag}-warn`, severity: "warning", title: "Concurrent streams", username: "bob" }),
  );
  const warning = dashboard.alerts.getByRole("listitem").filter({ hasText: "Concurrent streams" });
  await expect(warning).toContainText("Warning");
  await expect(warning).toContainText("bob");
  await expect(dashboard.alerts).toContainText("1 open");
  await expect(dashboard.toasts).toHaveCount(0);

  await producer.publish(
    "global",
    alert({
      id: `${tag}-crit`,
      severity: "critical",
      title: "Impossible travel",
      rule_type: "impossible_travel",
      message: "Berlin → Sydney in 12 minutes",
    }),
  );
  const critical = dashboard.alerts.getByRole("listitem").filter({ hasText: "Impossible travel" });
  await expect(critical).toContainText("Critical");
  await expect(critical).toContainText("Berlin → Sydney in 12 minutes");
  await expect(dashboard.alerts).toContainText("2 open");
  await expect(dashboard.toasts).toHaveCount(1);
  await expect(dashboard.toasts).toContainText("Critical: Impossible travel");
  await expect(dashboard.toasts).toContainText("Berlin → Sydney in 12 minutes");

  // Still live, and the last event is recent.
  await dashboard.expectLive();
  await expect(dashboard.badge).toContainText(/Last event (just now|\d+ s ago)/);

  // A passing run leaves a picture of the live dashboard.
  const shot = join(testInfo.project.outputDir, "live-dashboard.png");
  await page.screenshot({ path: shot, fullPage: true });
  await testInfo.attach("live-dashboard", { path: shot, contentType: "image/png" });
});
