import { join } from "node:path";
import { Dashboard } from "./support/dashboard";
import { alert, playback, stats, syncCompleted, syncProgress, uniqueId } from "./support/events";
import { expect, test } from "./support/fixtures";
import { OperatorConsole } from "./support/operator";

/**
 * The overview and the admin page with realistic data, in the light and the dark theme, for the
 * READMEs (docs/dashboard-*.png, docs/admin-*.png):
 * `PULSEBOARD_DOCS_DIR=../../docs pnpm test:e2e docs-screenshots` regenerates them. It fills
 * room `global`, which other scenarios expect to start empty, so it runs only when asked.
 */
test.skip(!process.env.PULSEBOARD_DOCS_DIR, "set PULSEBOARD_DOCS_DIR to regenerate docs/ pictures");

const viewers = [
  ["ana", "Dune: Part Two", "movie", "Chrome", 42],
  ["kenji.w", "Orbital — S01E04 Apogee", "episode", "Apple TV", 77],
  ["oskar", "The Bear — S03E01 Tomorrow", "episode", "Android", 12],
  ["lucia", "Blue Planet II", "episode", "Roku", 64],
  ["sam", "Arrival", "movie", "Firefox", 91],
  ["priya", "Severance — S02E03 Who Is Alive?", "episode", "Plex Web", 30],
] as const;

test("overview screenshots in light and dark", async ({ dashboard, producer, page }, testInfo) => {
  const tag = uniqueId("docs");
  await page.setViewportSize({ width: 1280, height: 900 });
  await dashboard.open("/");
  await dashboard.expectLive();

  for (const [index, [username, title, mediaType, platform, percent]] of viewers.entries()) {
    await producer.publish(
      "global",
      playback({
        id: `${tag}-${index}`,
        session_key: `${tag}-s${index}`,
        username,
        title,
        media_type: mediaType,
        platform,
        percent_complete: percent,
      }),
    );
  }
  await producer.publish("global", stats(48_213, 1_207));
  await producer.publish(
    "global",
    syncProgress({
      correlation_id: `${tag}-sync`,
      status: "running",
      progress: { done: 3_100, total: 4_800 },
      server_id: "plex-1",
      message: "scanning TV Shows",
    }),
  );
  await producer.publish("global", syncCompleted(312, 18_400));
  await producer.publish(
    "global",
    alert({ id: `${tag}-a1`, severity: "warning", title: "Concurrent streams over plan" }),
  );
  await producer.publish(
    "global",
    alert({
      id: `${tag}-a2`,
      severity: "critical",
      rule_type: "impossible_travel",
      title: "Impossible travel: Lisbon → Tokyo in 40 min",
    }),
  );
  await expect(dashboard.stat("Total playbacks")).toHaveText("48,213");
  await expect(dashboard.feedRows.filter({ hasText: "Arrival" })).toHaveCount(1);

  // The throughput chart samples once a second: let it plot the burst before the pictures.
  await page.waitForTimeout(2_500);
  const folder = process.env.PULSEBOARD_DOCS_DIR ?? testInfo.outputDir;
  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.screenshot({ path: join(folder, `dashboard-${scheme}.png`), fullPage: true });
  }
});

test("admin page screenshots in light and dark", async ({
  browser,
  page,
  producer,
  stack,
}, testInfo) => {
  test.setTimeout(300_000);
  const tag = uniqueId("docs-admin");
  const viewers = await Promise.all(
    ["42", "ops", "42"].map(async (id) => {
      const context = await browser.newContext({ baseURL: stack.webUrl });
      const viewer = new Dashboard(await context.newPage());
      await viewer.open(`/dashboards/${id}`);
      await viewer.expectLive();
      return context;
    }),
  );
  try {
    await page.setViewportSize({ width: 1280, height: 900 });
    const operator = new OperatorConsole(page);
    await operator.signIn(stack.operatorPassword);
    // A steady trickle, so the plots have a shape: readings every 2 s for some 20 s.
    for (let i = 0; i < 20; i++) {
      await producer.publish(
        "dashboard:42",
        playback({
          id: `${tag}-${i}`,
          session_key: `${tag}-s${i}`,
          username: "ana",
          title: "Arrival",
        }),
      );
      if (i % 3 === 0) await producer.publish("dashboard:ops", stats(1_000 + i, 40));
      await page.waitForTimeout(1_000);
    }
    await expect(operator.connections.getByRole("row")).toHaveCount(4);
    const folder = process.env.PULSEBOARD_DOCS_DIR ?? testInfo.outputDir;
    for (const scheme of ["light", "dark"] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.waitForTimeout(500);
      await page.screenshot({ path: join(folder, `admin-${scheme}.png`), fullPage: true });
    }
  } finally {
    await Promise.all(viewers.map((context) => context.close()));
  }
});
