import { type JetStreamManager, jetstreamManager } from "@nats-io/jetstream";
import { connect, type NatsConnection, type Subscription } from "@nats-io/transport-node";
import { type NatsServerHandle, startNatsServer } from "@pulseboard/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestHub, type TestHub } from "../src/testing.js";
import { playback, stats, sync } from "./support/broker-events.js";
import { TestClient } from "./support/ws-client.js";

/**
 * Snapshots on the NATS engine come from the latest values the hub keeps (seeded once when its
 * live feed opens, then fed by it): subscribing to many rooms opens no JetStream consumer, and
 * a hub started after the values were published serves them.
 */

const ROOMS = Array.from({ length: 40 }, (_, i) => `r${i}`);

describe("snapshots on the NATS engine", { timeout: 60_000 }, () => {
  let nats: NatsServerHandle;
  let admin: NatsConnection;
  let jsm: JetStreamManager;
  let consumerApi: Subscription;
  /** Every consumer-creation request any client sent to JetStream. */
  const creates: string[] = [];
  const hubs: TestHub[] = [];
  const clients: TestClient[] = [];

  beforeAll(async () => {
    nats = await startNatsServer();
    admin = await connect({ servers: nats.url });
    jsm = await jetstreamManager(admin);
    consumerApi = admin.subscribe("$JS.API.CONSUMER.>", {
      callback: (_error, message) => {
        if (/^\$JS\.API\.CONSUMER\.(DURABLE\.)?CREATE\./.test(message.subject)) {
          creates.push(message.subject);
        }
      },
    });
    await admin.flush();
  });

  afterAll(async () => {
    for (const client of clients) client.close();
    for (const hub of hubs) await hub.close();
    consumerApi?.unsubscribe();
    await admin?.close();
    await nats?.stop();
  });

  async function hub(): Promise<TestHub> {
    // Only consumers are counted here, not the rate: room work is charged (work-limits.test.ts).
    const started = await startTestHub({
      NATS_URL: nats.url,
      HUB_DEMO: "0",
      HUB_RATE_LIMIT: "1000",
      HUB_RATE_BURST: "1000",
    });
    hubs.push(started);
    return started;
  }

  async function client(url: string): Promise<TestClient> {
    const connected = await TestClient.ready(url);
    clients.push(connected);
    return connected;
  }

  async function consumerCount(): Promise<number> {
    return (await (await jsm.consumers.list("PULSE")).next()).length;
  }

  /** The snapshot a client got for a room: [type, total_count or correlation_id]. */
  function values(connected: TestClient, room: string): [string, unknown][] {
    return connected.events(room).map((event) => {
      const data = event.data as Record<string, unknown>;
      return [event.type, data.total_count ?? data.correlation_id];
    });
  }

  it("opens no consumer per subscribe, serving values published before the hub started", async () => {
    // Values published through a first hub, which then goes away.
    const first = await hub();
    await first.publish(
      ROOMS.flatMap((room) => [
        stats(room, 1),
        sync(room, "a", "running", 0.1),
        sync(room, "b", "running", 0.2),
        stats(room, 2),
        sync(room, "b", "completed", 1),
        playback(room, "p"),
      ]),
    );
    await first.close();
    hubs.splice(0);

    const second = await hub();
    // After a round trip the admin has seen every request routed before it (the hub's own).
    await admin.flush();
    const createdAtStart = creates.length;
    // The hub's own feed (and its seed) are consumers: the counter sees them.
    expect(createdAtStart).toBeGreaterThan(0);
    const openAtStart = await consumerCount();

    // Four connections with ten rooms each in the URL, one more subscribing room by room.
    const byUrl = await Promise.all(
      [0, 1, 2, 3].map((i) =>
        client(`${second.wsUrl}?rooms=${ROOMS.slice(i * 10, i * 10 + 10).join(",")}`),
      ),
    );
    const oneByOne = await client(`${second.wsUrl}?rooms=${ROOMS[0]}`);
    // One at a time: a connection may have at most MAX_PENDING_OPERATIONS pending.
    for (const [index, room] of ROOMS.entries()) {
      oneByOne.send({ type: "subscribe", id: `s${index}`, data: { rooms: [room] } });
      await oneByOne.waitFor((m) => m.type === "subscribed" && m.ref === `s${index}`);
    }

    for (const [index, room] of ROOMS.entries()) {
      const expected = [
        ["sync_progress", "a"],
        ["stats_update", 2],
      ];
      expect(values(byUrl[Math.floor(index / 10)] as TestClient, room)).toEqual(expected);
      expect(values(oneByOne, room)).toEqual(expected);
    }
    await admin.flush();
    expect(creates.slice(createdAtStart)).toEqual([]);
    expect(await consumerCount()).toBe(openAtStart);

    // Live events update the values: a later subscriber gets the newest.
    const [, last] = await second.publish([stats("r7", 3), sync("r7", "a", "completed", 1)]);
    await expect
      .poll(() => second.app.hub.seq, { timeout: 10_000 })
      .toBeGreaterThanOrEqual(last ?? 0);
    const later = await client(`${second.wsUrl}?rooms=r7`);
    expect(values(later, "r7")).toEqual([["stats_update", 3]]);
    await admin.flush();
    expect(creates.slice(createdAtStart)).toEqual([]);
  });
});
