import { describe, expect, it } from "vitest";
import type { BrokerEvent, ReplayRequest } from "../src/broker/broker.js";
import type { TestHub } from "../src/testing.js";
import { playback } from "./support/broker-events.js";
import { natsHubPerTest } from "./support/nats-hub.js";
import type { TestClient } from "./support/ws-client.js";

/**
 * At most HUB_CATCHUP_CONCURRENCY resumes read the stream at once; the others wait in one FIFO
 * queue and start, in the order they came, as slots free up. Replays are held open by the test
 * (each waits for its release) so the queue can be observed at rest, without timing.
 */
describe("bounded catch-up concurrency on the NATS engine", { timeout: 60_000 }, () => {
  const fixture = natsHubPerTest();
  let hub: TestHub;
  const clients: TestClient[] = [];

  async function until(check: () => boolean): Promise<void> {
    while (!check()) await new Promise((resolve) => setTimeout(resolve, 10));
  }

  it("runs at most K replays at once and starts the waiting ones first come, first served", async () => {
    hub = await fixture.start({ HUB_CATCHUP_CONCURRENCY: "2", HUB_RECENT_EVENTS: "0" });
    const [since = 0] = await hub.publish([playback("elsewhere", "x")]);
    const rooms = ["r0", "r1", "r2", "r3", "r4"];
    const seqs = await hub.publish(rooms.map((room) => playback(room, room)));

    const broker = hub.app.broker;
    const replay = broker.replay.bind(broker);
    const started: string[] = [];
    const releases = new Map<string, () => void>();
    let running = 0;
    let mostRunning = 0;
    broker.replay = async function* (request: ReplayRequest): AsyncGenerator<BrokerEvent> {
      const room = request.rooms.join(",");
      started.push(room);
      mostRunning = Math.max(mostRunning, ++running);
      try {
        await new Promise<void>((resolve) => releases.set(room, resolve));
        yield* replay(request);
      } finally {
        running--;
      }
    };

    const gate = hub.app.hub.catchUpGate;
    const epoch = broker.epoch;
    for (const [index, room] of rooms.entries()) {
      clients.push(
        await fixture.connect(`${hub.wsUrl}?rooms=${room}&since=${since}&epoch=${epoch}`),
      );
      await until(() => gate.active + gate.queued === index + 1);
    }
    // Every resume holding a slot has reached the stream read.
    await until(() => started.length >= gate.active);
    expect(started).toEqual(["r0", "r1"]);
    expect([gate.active, gate.queued]).toEqual([2, 3]);

    // Freeing one slot starts the longest waiting resume, and only that one.
    releases.get("r1")?.();
    await clients[1]?.waitFor((m) => m.type === "subscribed");
    await until(() => started.length === 3);
    expect(started[2]).toBe("r2");
    expect([gate.active, gate.queued]).toEqual([2, 2]);

    for (const room of ["r0", "r2", "r3", "r4"]) {
      await until(() => releases.has(room));
      releases.get(room)?.();
    }
    for (const [index, client] of clients.entries()) {
      await client.waitFor((m) => m.type === "subscribed");
      expect(client.events().map((e) => e.seq)).toEqual([seqs[index]]);
    }
    expect(started).toEqual(rooms);
    expect(mostRunning).toBe(2);
    expect([gate.active, gate.queued]).toEqual([0, 0]);
  });
});
