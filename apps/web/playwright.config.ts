import { defineConfig } from "@playwright/test";
import { CHROMIUM_ARGS, CHROMIUM_VIEWPORT, chromiumPath } from "@pulseboard/testkit";

/**
 * End-to-end runs of the whole stack in Debian's Chromium (no browser download: Playwright's
 * own browsers are never installed). e2e/global-setup.ts builds and starts nats-server, two
 * hubs, a failover proxy and `next start` on free loopback ports; e2e/global-teardown.ts stops
 * them by PID. One worker: the scenarios kill and restart shared hubs.
 */
export default defineConfig({
  testDir: "./e2e",
  testMatch: "**/*.spec.ts",
  outputDir: "./test-results",
  globalSetup: "./e2e/global-setup.ts",
  globalTeardown: "./e2e/global-teardown.ts",
  workers: 1,
  fullyParallel: false,
  forbidOnly: Boolean(process.env.CI),
  // In CI a failed test runs once more, only so the report shows whether it fails every time
  // (broken) or once (flaky, with a trace of the failing attempt). Either way the run fails:
  // `.ci/run` reads only the exit code, and a scenario that loses an event once in a while is a
  // defect, not noise. Locally there is no retry.
  retries: process.env.CI ? 1 : 0,
  failOnFlakyTests: true,
  // Generous: a hub restart waits out the client's reconnect backoff.
  timeout: 90_000,
  expect: { timeout: 15_000 },
  // Build (up to ~1.5 min), stack start and seven scenarios, with room to spare.
  globalTimeout: 10 * 60_000,
  reporter: [["list"], ["html", { open: "never", outputFolder: "playwright-report" }]],
  use: {
    // baseURL comes from the running stack (e2e/support/fixtures.ts): ports are picked at run time.
    browserName: "chromium",
    headless: true,
    viewport: CHROMIUM_VIEWPORT,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    video: "off",
    actionTimeout: 15_000,
    navigationTimeout: 30_000,
    launchOptions: { executablePath: chromiumPath(), args: [...CHROMIUM_ARGS] },
  },
  projects: [{ name: "chromium" }],
});
