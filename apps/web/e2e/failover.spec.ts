import { Dashboard } from "./support/dashboard";
import { playbacks, stats, uniqueId } from "./support/events";
import { expect, test } from "./support/fixtures";

/**
 * Scenario 3: two hubs on one JetStream stream. Dashboards reach them through one address (the
 * failover proxy, see support/failover-proxy.ts: the client takes a single hub URL). One page
 * is connected to hub A, another to hub B; both see what is published. Hub A dies: its page
 * reconnects through the same address, lands on hub B, and resumes without losing anything.
 */
test("two hubs: a page moves from hub A to hub B without loss", async ({
  browser,
  dashboard,
  producer,
  stack,
}) => {
  const id = uniqueId("failover");
  const room = `dashboard:${id}`;

  // Page 1 → hub A.
  await stack.setProxyOrder(["a", "b"]);
  await dashboard.open(`/dashboards/${id}`);
  await dashboard.expectLive();
  await expect.poll(() => stack.hubConnections("a")).toBe(1);
  await expect.poll(() => stack.hubConnections("b")).toBe(0);

  // Page 2 (its own browser context) → hub B.
  await stack.setProxyOrder(["b", "a"]);
  const otherContext = await browser.newContext({ baseURL: stack.webUrl });
  try {
    const other = new Dashboard(await otherContext.newPage());
    await other.open(`/dashboards/${id}`);
    await other.expectLive();
    await expect.poll(() => stack.hubConnections("b")).toBe(1);
    expect(await stack.hubConnections("a")).toBe(1);
    await stack.setProxyOrder(["a", "b"]);

    // Published while each hub serves one page: both pages show it.
    await producer.publishAll(room, [...playbacks(id, 1, 5), stats(5, 5)]);
    for (const page of [dashboard, other]) {
      await expect(page.stat("Playing now")).toHaveText("5");
      await expect(page.stat("Total playbacks")).toHaveText("5");
      await expect(page.stat("Events / min")).toHaveText("6");
    }

    // Hub A dies. Its page reconnects through the proxy and lands on hub B.
    await stack.killHub("a", "SIGKILL");
    await producer.publishAll(room, [...playbacks(id, 6, 5), stats(10, 10)]);
    await dashboard.expectLive(45_000);
    await expect.poll(() => stack.hubConnections("b")).toBe(2);

    await producer.publishAll(room, [...playbacks(id, 11, 5), stats(15, 15)]);
    const expectedUsers = Array.from({ length: 15 }, (_, i) => `${id}-user-${15 - i}`);
    for (const page of [dashboard, other]) {
      await expect(page.stat("Playing now")).toHaveText("15");
      await expect(page.stat("Total playbacks")).toHaveText("15");
      // 15 playbacks + 3 stats updates, each received exactly once.
      await expect(page.stat("Events / min")).toHaveText("18");
      await expect(page.feedRows).toHaveCount(15);
      expect(await page.feedUsers()).toEqual(expectedUsers);
    }
    await expect(other.connectionState).toHaveText("Live");
  } finally {
    await otherContext.close();
  }
});
