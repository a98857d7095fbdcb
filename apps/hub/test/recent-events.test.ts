import { connect, type NatsConnection, type Subscription } from "@nats-io/transport-node";
import { type NatsServerHandle, startNatsServer } from "@pulseboard/testkit";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startTestHub, type TestHub } from "../src/testing.js";
import { playback } from "./support/broker-events.js";
import { TestClient } from "./support/ws-client.js";

/**
 * Resumes inside the hub's recent events (HUB_RECENT_EVENTS) are answered from memory: no
 * JetStream consumer is created for them, even right after a restart (the hub reads the last
 * events once when its live feed opens). Older `since` values still read the stream.
 */
describe("resumes served from the hub's recent events", { timeout: 60_000 }, () => {
  let nats: NatsServerHandle;
  let admin: NatsConnection;
  let consumerApi: Subscription;
  const hubs: TestHub[] = [];
  const clients: TestClient[] = [];
  let creates = 0;

  beforeAll(async () => {
    nats = await startNatsServer();
    admin = await connect({ servers: nats.url });
    consumerApi = admin.subscribe("$JS.API.CONSUMER.CREATE.>", {
      callback: () => {
        creates++;
      },
    });
    await admin.flush();
  });
  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    for (const hub of hubs.splice(0)) await hub.close();
  });
  afterAll(async () => {
    consumerApi?.unsubscribe();
    await admin?.close();
    await nats?.stop();
  });

  async function hub(env: Record<string, string> = {}): Promise<TestHub> {
    const started = await startTestHub({ NATS_URL: nats.url, HUB_DEMO: "0", ...env });
    hubs.push(started);
    return started;
  }

  /** Consumers created while `action` ran (the admin's round trip orders the hub's requests). */
  async function consumersCreatedBy(action: () => Promise<void>): Promise<number> {
    await admin.flush();
    const before = creates;
    await action();
    await admin.flush();
    return creates - before;
  }

  /** Until the hub's live feed delivered `seq`: later resumes' boundary includes it. */
  async function fedThrough(target: TestHub, seq: number): Promise<void> {
    while (target.app.hub.seq < seq) await new Promise((resolve) => setTimeout(resolve, 10));
  }

  async function resume(target: TestHub, room: string, since: number): Promise<TestClient> {
    const epoch = target.app.broker.epoch;
    const client = await TestClient.ready(
      `${target.wsUrl}?rooms=${room}&since=${since}&epoch=${epoch}`,
    );
    clients.push(client);
    return client;
  }

  it("after a restart, answers a resume from memory: exact events, no consumer", async () => {
    const first = await hub();
    const seen = await first.publish([playback("r", "a"), playback("other", "b")]);
    const missed = await first.publish([
      playback("r", "c"),
      playback("other", "d"),
      playback("r", "e"),
    ]);
    await first.close();
    hubs.splice(0);

    const second = await hub();
    let client: TestClient | undefined;
    const created = await consumersCreatedBy(async () => {
      client = await resume(second, "r", seen[1] ?? 0);
    });
    expect(client?.events().map((e) => e.seq)).toEqual([missed[0], missed[2]]);
    expect(client?.ofType("reset")).toEqual([]);
    expect(created).toBe(0);
    expect(second.app.hub.replayStats.recentReplays).toBe(1);
    const live = await second.publish([playback("r", "f")]);
    expect((await client?.waitForEvents(3))?.at(-1)?.seq).toBe(live[0]);
  });

  it("holds exactly the last HUB_RECENT_EVENTS live events: the edge of the window", async () => {
    const target = await hub({ HUB_RECENT_EVENTS: "3" });
    const seqs = await target.publish(Array.from({ length: 6 }, (_, i) => playback("r", `p${i}`)));
    await fedThrough(target, seqs.at(-1) ?? 0);
    // The last three (seqs[3..5]) are held, so since = seqs[2] is covered and seqs[1] is not.
    let inside: TestClient | undefined;
    expect(
      await consumersCreatedBy(async () => {
        inside = await resume(target, "r", seqs[2] ?? 0);
      }),
    ).toBe(0);
    expect(inside?.events().map((e) => e.seq)).toEqual(seqs.slice(3));
    let outside: TestClient | undefined;
    expect(
      await consumersCreatedBy(async () => {
        outside = await resume(target, "r", seqs[1] ?? 0);
      }),
    ).toBe(1);
    expect(outside?.events().map((e) => e.seq)).toEqual(seqs.slice(2));
  });

  it("holds no more than HUB_RECENT_EVENTS_BYTES of data JSON", async () => {
    const events = Array.from({ length: 6 }, (_, i) => playback("r", `p${i}`));
    const size = JSON.stringify(events[0]?.data).length;
    // Room for two and a half events' data: the last two are held.
    const target = await hub({ HUB_RECENT_EVENTS_BYTES: String(Math.floor(size * 2.5)) });
    const seqs = await target.publish(events);
    await fedThrough(target, seqs.at(-1) ?? 0);
    expect(
      await consumersCreatedBy(async () => void (await resume(target, "r", seqs[3] ?? 0))),
    ).toBe(0);
    expect(
      await consumersCreatedBy(async () => void (await resume(target, "r", seqs[2] ?? 0))),
    ).toBe(1);
  });

  it("reads the stream for a since older than what the hub holds", async () => {
    const target = await hub({ HUB_RECENT_EVENTS: "3" });
    const seqs = await target.publish(Array.from({ length: 8 }, (_, i) => playback("r", `p${i}`)));
    await fedThrough(target, seqs.at(-1) ?? 0);
    let client: TestClient | undefined;
    const created = await consumersCreatedBy(async () => {
      client = await resume(target, "r", seqs[1] ?? 0);
    });
    expect(client?.events().map((e) => e.seq)).toEqual(seqs.slice(2));
    expect(created).toBe(1);
    expect(target.app.hub.replayStats.recentReplays).toBe(0);
  });
});
