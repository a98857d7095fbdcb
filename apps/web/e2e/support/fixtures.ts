import { existsSync, readFileSync } from "node:fs";
import { test as base } from "@playwright/test";
import { Dashboard } from "./dashboard";
import { Producer } from "./producer";
import { Stack } from "./stack";

interface TestFixtures {
  stack: Stack;
  dashboard: Dashboard;
}

interface WorkerFixtures {
  producer: Producer;
}

/**
 * The suite's `test`: `stack` (URLs, hub control), `producer` (publishes to NATS) and
 * `dashboard` (the page, located by roles and labels). After each test the stack is put back
 * as the next test expects it (both hubs up, the proxy sending new connections to hub A); when
 * a test fails, the tail of every server's log is attached to its report.
 */
export const test = base.extend<TestFixtures, WorkerFixtures>({
  producer: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright reads a fixture's dependencies from this pattern.
    async ({}, use) => {
      const producer = await Producer.connect(new Stack().natsUrl);
      await use(producer);
      await producer.close();
    },
    { scope: "worker" },
  ],
  // biome-ignore lint/correctness/noEmptyPattern: Playwright reads a fixture's dependencies from this pattern.
  stack: async ({}, use, testInfo) => {
    const stack = new Stack();
    await use(stack);
    if (testInfo.status !== testInfo.expectedStatus) {
      for (const [name, file] of Object.entries(stack.logFiles)) {
        if (!existsSync(file)) continue;
        const text = readFileSync(file, "utf8");
        await testInfo.attach(`${name}.log`, {
          body: text.slice(-20_000),
          contentType: "text/plain",
        });
      }
    }
    await stack.ensureHubsUp();
    await stack.setProxyOrder(["a"]);
  },
  // biome-ignore lint/correctness/noEmptyPattern: Playwright reads a fixture's dependencies from this pattern.
  baseURL: async ({}, use) => {
    await use(new Stack().webUrl);
  },
  dashboard: async ({ page }, use) => {
    await use(new Dashboard(page));
  },
});

export { expect } from "@playwright/test";
