import { count } from "./support/dashboard";
import { playbacks, stats, uniqueId } from "./support/events";
import { expect, test } from "./support/fixtures";

/**
 * Scenario 2: the hub the page is connected to dies (kill -9), or is stopped (SIGTERM), while
 * events keep coming. The badge says so, and once the hub is back the page resumes where it
 * stopped: every event published meanwhile appears, none twice.
 *
 * "Events / min" counts every event the page received in the last minute (the store counts
 * each delivered event, duplicates included), so it is the exact received-event count while the
 * scenario runs within a minute; "Playing now" counts distinct sessions (one per playback here).
 */
const ways = [
  { how: "killed (SIGKILL)", signal: "SIGKILL" },
  { how: "stopped gracefully (SIGTERM: close 1001 with a retry hint)", signal: "SIGTERM" },
] as const;

for (const { how, signal } of ways) {
  test(`hub ${how} while the page is open: reconnects, every event exactly once`, async ({
    dashboard,
    producer,
    stack,
  }) => {
    const id = uniqueId("restart");
    const room = `dashboard:${id}`;
    await stack.setProxyOrder(["a"]);
    await dashboard.open(`/dashboards/${id}`);
    await dashboard.expectLive();

    // Before: 5 playbacks and a stats update.
    await producer.publishAll(room, [...playbacks(id, 1, 5), stats(5, 5)]);
    await expect(dashboard.stat("Playing now")).toHaveText("5");
    await expect(dashboard.stat("Total playbacks")).toHaveText("5");
    await expect(dashboard.stat("Events / min")).toHaveText("6");

    // The hub goes away; the page notices at once.
    await stack.killHub("a", signal);
    await expect(dashboard.connectionState).toHaveText("Reconnecting");
    await expect(dashboard.badge).toContainText(/next try in \d+ s/);

    // Published while no hub serves the page: stored by JetStream, not yet on the page.
    await producer.publishAll(room, [...playbacks(id, 6, 5), stats(10, 10)]);
    await expect(dashboard.connectionState).not.toHaveText("Live");
    await expect(dashboard.stat("Playing now")).toHaveText("5");

    // The hub comes back on the same address; the page resumes from its last sequence.
    await stack.startHub("a");
    await dashboard.expectLive(45_000);
    await expect(dashboard.stat("Playing now")).toHaveText("10");
    await expect(dashboard.stat("Total playbacks")).toHaveText("10");
    await expect(dashboard.stat("Events / min")).toHaveText("12");
    expect(await dashboard.feedUsers()).toEqual(
      Array.from({ length: 10 }, (_, i) => `${id}-user-${10 - i}`),
    );
    await expect(dashboard.errorPanel).toHaveCount(0);

    // And live delivery goes on from there.
    await producer.publishAll(room, [...playbacks(id, 11, 5), stats(15, 15)]);
    await expect(dashboard.stat("Playing now")).toHaveText("15");
    await expect(dashboard.stat("Total playbacks")).toHaveText(count(15));
    await expect(dashboard.stat("Events / min")).toHaveText("18");
    await expect(dashboard.feedRows).toHaveCount(15);
    expect(await dashboard.feedUsers()).toEqual(
      Array.from({ length: 15 }, (_, i) => `${id}-user-${15 - i}`),
    );
  });
}
