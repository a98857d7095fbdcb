import { jetstreamManager } from "@nats-io/jetstream";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { ErrorCode, type ServerMessage } from "@pulseboard/protocol";
import { type NatsServerHandle, startNatsServer } from "@pulseboard/testkit";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { playbacks, stats } from "./support/events.js";
import { startTestHub, type TestHub } from "./support/hub.js";
import { connectProducer } from "./support/nats-producer.js";
import { TestClient } from "./support/ws-client.js";

/**
 * Shared alert acknowledgements (protocol 1.1) on the NATS engine, real nats-server, two hubs:
 * an `append` on one hub reaches the other hub's clients and plain NATS subscribers (an
 * upstream system), the snapshot is rebuilt from the stream by a restarted hub, and a hub cut
 * off from NATS answers `unavailable` and stores nothing.
 */

type Event = Extract<ServerMessage, { seq: number }>;
type Appended = Extract<ServerMessage, { type: "appended" }>;

const isAck = (room: string) => (m: ServerMessage) =>
  m.type === "alert_acknowledged" && m.room === room;

const replyTo = (ref: string | number) => (m: ServerMessage) =>
  (m.type === "appended" || m.type === "error") && m.ref === ref;

function ack(room: string, data: Record<string, unknown>, id: string | number) {
  return { type: "append", id, data: { room, type: "alert_acknowledged", data } };
}

async function until(what: string, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe("alert acknowledgements on NATS", { timeout: 120_000 }, () => {
  let nats: NatsServerHandle;
  let a: TestHub;
  let b: TestHub;
  let upstream: NatsConnection;
  const clients: TestClient[] = [];
  const hubs: TestHub[] = [];

  async function open(hub: TestHub, room: string): Promise<TestClient> {
    const client = await TestClient.ready(`${hub.wsUrl}?rooms=${room}`);
    clients.push(client);
    return client;
  }

  async function send(client: TestClient, message: ReturnType<typeof ack>) {
    const from = client.messages.length;
    client.send(message);
    return client.waitFor(replyTo(message.id), { from, timeoutMs: 20_000 });
  }

  beforeAll(async () => {
    nats = await startNatsServer();
    a = await startTestHub({ NATS_URL: nats.url });
    b = await startTestHub({ NATS_URL: nats.url });
    upstream = await connect({ servers: nats.url });
  }, 60_000);
  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    for (const hub of hubs.splice(0)) await hub.close();
  });
  afterAll(async () => {
    await upstream?.close();
    await a?.close();
    await b?.close();
    await nats?.stop();
  }, 30_000);

  it("delivers an append on one hub to the other hub's followers and to NATS subscribers, same seq", async () => {
    const bodies: unknown[] = [];
    const subscription = upstream.subscribe("pulse.ops.alert_acknowledged.>", {
      callback: (_error, message) => {
        bodies.push({ subject: message.subject, body: message.json() });
      },
    });
    await upstream.flush();
    const onA = await open(a, "ops");
    const onB = await open(b, "ops");
    const reply = (await send(onA, ack("ops", { alert_id: 5521, note: "VPN" }, "x1"))) as Appended;
    expect(reply).toMatchObject({ type: "appended", data: { room: "ops" }, ref: "x1" });

    const seen = (await onB.waitFor(isAck("ops"), { timeoutMs: 20_000 })) as Event;
    expect(seen.seq).toBe(reply.data.seq);
    expect(seen.data).toMatchObject({
      alert_id: 5521,
      note: "VPN",
      by: { id: expect.any(String) },
    });
    expect(((await onA.waitFor(isAck("ops"))) as Event).seq).toBe(reply.data.seq);

    // An upstream system consuming NATS gets the stamped event under its alert's subject.
    await until("the NATS subscriber", async () => bodies.length > 0);
    subscription.unsubscribe();
    expect(bodies).toEqual([{ subject: "pulse.ops.alert_acknowledged.5521", body: seen.data }]);
  });

  it("rebuilds the snapshot from the stream after a restart, however many events came after", async () => {
    const first = await startTestHub({ NATS_URL: nats.url });
    hubs.push(first);
    const viewer = await open(first, "night");
    const acked: number[] = [];
    for (const [index, alertId] of [41, "job 7.a/*>", 43].entries()) {
      const reply = (await send(viewer, ack("night", { alert_id: alertId }, index))) as Appended;
      acked.push(reply.data.seq);
    }
    await first.publish([...playbacks("night", 200), stats("night", 200)]);
    viewer.close();
    await first.close();

    // A new hub process on the same stream: its snapshot is built from NATS alone.
    const second = await startTestHub({ NATS_URL: nats.url });
    hubs.push(second);
    const reloaded = await open(second, "night");
    const snapshot = reloaded.events("night");
    expect(snapshot.map((event) => event.type)).toEqual([
      "alert_acknowledged",
      "alert_acknowledged",
      "alert_acknowledged",
      "stats_update",
    ]);
    expect(snapshot.slice(0, 3).map((event) => [event.seq, event.data.alert_id])).toEqual([
      [acked[0], 41],
      [acked[1], "job 7.a/*>"],
      [acked[2], 43],
    ]);
  });

  it("takes an acknowledgement a producer publishes on NATS, by and at as it states them", async () => {
    const producer = await connectProducer(nats.url);
    try {
      const follower = await open(a, "ops2");
      const data = {
        alert_id: 90,
        by: { id: 1042, name: "marisol" },
        at: "2026-11-30T21:14:03Z",
      };
      const seq = await producer.publish("pulse.ops2.alert_acknowledged.90", data);
      const seen = (await follower.waitFor(isAck("ops2"), { timeoutMs: 20_000 })) as Event;
      expect([seen.seq, seen.data]).toEqual([seq, data]);
      const later = await open(b, "ops2");
      expect(later.events("ops2").map((event) => event.seq)).toEqual([seq]);
    } finally {
      await producer.close();
    }
  });

  it("answers unavailable while NATS is away and stores nothing", async () => {
    const hub = await startTestHub({ NATS_URL: nats.url });
    hubs.push(hub);
    const viewer = await open(hub, "down");
    const ready = async () => (await fetch(`${hub.url}/readyz`)).status === 200;
    const { lastSeq } = await hub.app.broker.position();
    await nats.halt();
    try {
      await until("the hub to notice NATS is gone", async () => !(await ready()));
      const reply = await send(viewer, ack("down", { alert_id: 1 }, "while-down"));
      expect(reply).toMatchObject({
        type: "error",
        data: { code: ErrorCode.UNAVAILABLE, ref: "while-down" },
      });
    } finally {
      await nats.resume();
    }
    await until("the hub to be ready again", ready);
    // Nothing the NATS client buffered was stored once it reconnected.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await hub.app.broker.position()).lastSeq).toBe(lastSeq);
    const reply = await send(viewer, ack("down", { alert_id: 1 }, "after"));
    expect(reply.type).toBe("appended");
  });

  it("answers unavailable when the connected broker does not store the event", async () => {
    // Its own nats-server: the stream is deleted under the hub, which stays connected.
    const lone = await startNatsServer();
    try {
      const hub = await startTestHub({ NATS_URL: lone.url });
      hubs.push(hub);
      const viewer = await open(hub, "lost");
      const admin = await connect({ servers: lone.url });
      await (await jetstreamManager(admin)).streams.delete("PULSE");
      await admin.close();
      expect(hub.app.broker.ready).toBe(true);
      const reply = await send(viewer, ack("lost", { alert_id: 1 }, "no-stream"));
      expect(reply).toMatchObject({
        type: "error",
        data: { code: ErrorCode.UNAVAILABLE, ref: "no-stream" },
      });
      expect((reply as Extract<ServerMessage, { type: "error" }>).data.message).toContain(
        "did not confirm",
      );
      expect(viewer.ofType("appended")).toEqual([]);
      const metrics = await (await fetch(`${hub.url}/metrics`)).text();
      expect(metrics).toMatch(/^pulseboard_appends_unavailable_total 1$/m);
      await hub.close();
    } finally {
      await lone.stop();
    }
  });
});
