import { uniqueId } from "./support/events";
import { expect, test } from "./support/fixtures";
import { upstreamEvent } from "./support/upstream";

/**
 * Payloads shaped as the real upstream (Cartographus) writes them, published to NATS like any
 * producer's: each new shape must reach the dashboard and read as what it means — a cancelled
 * import at its own percentage, an idle sync with no progress (no bar, no "0 %"), severities
 * outside info/warning/critical, stats without unique users, a playback past 100 %.
 */
test("upstream-shaped payloads show as what they mean", async ({ dashboard, producer, page }) => {
  const id = uniqueId("up");
  const room = `dashboard:${id}`;
  await dashboard.open(`/dashboards/${id}`);
  await dashboard.expectLive();
  await expect(dashboard.emptyState).toContainText("Waiting for the first event");

  const events = [
    upstreamEvent("sync_progress", "cancelled-docs-spelling-with-percent"),
    upstreamEvent("sync_progress", "canceled-go-spelling-with-percent"),
    upstreamEvent("sync_progress", "idle-progress-null"),
    upstreamEvent("detection_alert", "severity-empty-string"),
    upstreamEvent("detection_alert", "severity-high-unvalidated"),
    upstreamEvent("stats_update", "last-playback-utc"),
    upstreamEvent("playback", "mediaevent-percent-104"),
    // Only an id is guaranteed: the rest of a playback may be missing.
    { type: "playback", data: { event_id: `${id}-bare` } },
  ] as const;
  await producer.publishAll(room, events);

  // Every event arrived (none was dropped as invalid on the way).
  await expect(dashboard.stat("Events / min")).toHaveText(String(events.length));

  // sync_progress, cancelled with the import's own progress object (progress_percent 25).
  const syncRows = dashboard.syncs.getByRole("listitem");
  const plexBar = { name: "plex_historical" };
  await expect(dashboard.syncs.getByRole("progressbar", plexBar)).toHaveAttribute(
    "aria-valuenow",
    "25",
  );
  // `has` is matched inside each row.
  const plex = syncRows.filter({ has: page.getByRole("progressbar", plexBar) });
  await expect(plex).toContainText("Cancelled");
  await expect(plex).toContainText("25 % · 300 of 1,200");
  // The Go spelling reads the same; 41.199999999999996 % rounds to 41.
  const stopped = syncRows.filter({ hasText: "import stop requested" });
  await expect(stopped).toContainText("Cancelled");
  await expect(stopped.getByRole("progressbar")).toHaveAttribute("aria-valuenow", "41");
  await expect(stopped).toContainText("41 % · 20,600 of 50,000");

  // sync_progress, idle with progress null: no bar, no percentage.
  const idle = syncRows.filter({ hasText: "Idle" });
  await expect(idle).toHaveCount(1);
  await expect(idle).toContainText("tautulli_import");
  await expect(idle).toContainText("Progress not reported");
  await expect(idle.getByRole("progressbar")).toHaveCount(0);
  await expect(idle).not.toContainText("%");
  // None of the three is running.
  await expect(dashboard.syncs).not.toContainText("running");

  // detection_alert: "" reads "Unspecified", "high" as written; neither is critical.
  const alertRows = dashboard.alerts.getByRole("listitem");
  const unspecified = alertRows.filter({ hasText: "Concurrent Stream Limit Exceeded" });
  await expect(unspecified.getByText("Unspecified", { exact: true })).toBeVisible();
  const high = alertRows.filter({ hasText: "Rapid Platform Switch Detected" });
  await expect(high.getByText("high", { exact: true })).toBeVisible();
  await expect(dashboard.alerts).toContainText("2 open");
  await expect(
    page.getByRole("button", { name: "Acknowledge alert: Rapid Platform Switch Detected" }),
  ).toBeVisible();
  await expect(dashboard.toasts).toHaveCount(0);

  // stats_update: no unique_users ("—", not 0), last_playback as a time.
  await expect(dashboard.stat("Total playbacks")).toHaveText("48,213");
  await expect(dashboard.stat("Unique users")).toHaveText("—");
  await expect(dashboard.statistics).toContainText("Last playback at 21:12:47 UTC");

  // playback at 104 %: the bar and the number stop at 100 %.
  const constant = dashboard.feedRows.filter({ hasText: "The Constant" });
  await expect(constant).toContainText("alice is watching The Constant");
  await expect(
    constant.getByRole("progressbar", { name: "Progress of The Constant" }),
  ).toHaveAttribute("aria-valuenow", "100");
  await expect(constant).toContainText("100 %");
  await expect(constant).not.toContainText("104");

  // A playback with only its id.
  const bare = dashboard.feedRows.filter({ hasText: "Unknown user is watching Unknown title" });
  await expect(bare).toHaveCount(1);
  await expect(bare.getByRole("progressbar")).toHaveCount(0);

  // Nothing the producer left out is printed as a value.
  await expect(page.locator(".dashboard")).not.toContainText(/\bnull\b|\bundefined\b|NaN/);
});
