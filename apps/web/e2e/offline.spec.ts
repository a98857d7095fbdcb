import { playbacks, stats, uniqueId } from "./support/events";
import { expect, test } from "./support/fixtures";

/**
 * Scenario 7: the browser loses the network and gets it back (`context.setOffline`). The badge
 * says "Offline" while it lasts; afterwards the page reconnects at once and shows what was
 * published meanwhile, exactly once.
 */
test("offline and back online: the page recovers without loss", async ({
  context,
  dashboard,
  producer,
}) => {
  const id = uniqueId("offline");
  const room = `dashboard:${id}`;
  await dashboard.open(`/dashboards/${id}`);
  await dashboard.expectLive();
  await producer.publishAll(room, [...playbacks(id, 1, 3), stats(3, 3)]);
  await expect(dashboard.stat("Playing now")).toHaveText("3");

  await context.setOffline(true);
  try {
    await expect(dashboard.connectionState).toHaveText("Offline");
    await expect(dashboard.badge).toContainText("waiting for the network");
    await producer.publishAll(room, [...playbacks(id, 4, 3), stats(6, 6)]);
    // Nothing arrives while offline.
    await expect(dashboard.connectionState).toHaveText("Offline");
    await expect(dashboard.stat("Playing now")).toHaveText("3");
  } finally {
    await context.setOffline(false);
  }

  await dashboard.expectLive();
  await expect(dashboard.stat("Playing now")).toHaveText("6");
  await expect(dashboard.stat("Total playbacks")).toHaveText("6");
  await expect(dashboard.stat("Events / min")).toHaveText("8");
  expect(await dashboard.feedUsers()).toEqual(
    Array.from({ length: 6 }, (_, i) => `${id}-user-${6 - i}`),
  );

  await producer.publishAll(room, playbacks(id, 7, 1));
  await expect(dashboard.stat("Playing now")).toHaveText("7");
});
