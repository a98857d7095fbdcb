import type { ServerMessage } from "@pulseboard/protocol";
import {
  type HubProcess,
  type NatsServerHandle,
  spawnHub,
  startNatsServer,
} from "@pulseboard/testkit";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startTestHub, type TestHub } from "../support/hub.js";
import { TestClient } from "../support/ws-client.js";

/**
 * Presence and indicators across hubs sharing one nats-server: reports and indicators travel
 * on core NATS (pulse_ephemeral.>), never through the stream.
 */

const HEARTBEAT_MS = 500;
// A dead hub's members leave MISSED_HEARTBEATS (3) heartbeats after its last report, found by
// a sweep every heartbeat / 4: at most 3.25 heartbeats after the crash, plus delivery. The
// tests assert that the leave comes, not how fast: the deadline below is ten times the bound,
// room for a busy 2-core machine, not a measurement (the README quotes a measured figure).
const LEAVE_BOUND_MS = 3.25 * HEARTBEAT_MS;
const LEAVE_DEADLINE_MS = 10 * LEAVE_BOUND_MS;
// The longest heartbeat the hub accepts: a sweep would forget a silent hub only after three of
// them (3 min), far beyond any test's timeout, so a leave seen sooner was announced.
const SLOW_HEARTBEAT_MS = 60_000;

const env = (natsUrl: string) => ({
  NATS_URL: natsUrl,
  HUB_PRESENCE_HEARTBEAT_MS: String(HEARTBEAT_MS),
});

const inRoom =
  (type: ServerMessage["type"], room: string) =>
  (m: ServerMessage): boolean =>
    m.type === type && (m.data as { room?: string } | null)?.room === room;

async function presenceClient(wsUrl: string, rooms: string): Promise<TestClient> {
  const client = await TestClient.ready(`${wsUrl}?rooms=${rooms}&presence=1`);
  await client.waitFor((m) => m.type === "presence");
  return client;
}

function memberIdOf(client: TestClient): string {
  return `anon:${client.ofType("welcome")[0]?.data.connection_id}`;
}

describe("presence across hubs (NATS)", { timeout: 60_000 }, () => {
  let nats: NatsServerHandle;
  let a: TestHub;
  let b: TestHub;
  const clients: TestClient[] = [];
  const processes: HubProcess[] = [];

  beforeAll(async () => {
    nats = await startNatsServer();
    a = await startTestHub(env(nats.url));
    b = await startTestHub(env(nats.url));
  }, 60_000);

  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    for (const hub of processes.splice(0)) {
      hub.kill("SIGKILL");
      await hub.exited;
    }
  });

  afterAll(async () => {
    await a?.close();
    await b?.close();
    await nats?.stop();
  }, 30_000);

  it("shows a join on one hub to members on the other, and the leave on close", async () => {
    const onA = await presenceClient(a.wsUrl, "team:1");
    clients.push(onA);
    const onB = await presenceClient(b.wsUrl, "team:1");
    clients.push(onB);
    const joined = await onA.waitFor(inRoom("join", "team:1"));
    expect(joined).toEqual({
      type: "join",
      data: { room: "team:1", member: { id: memberIdOf(onB), name: expect.any(String) } },
    });
    // The newcomer on B learns about A's member from A's reports (sync answer or heartbeat).
    await onB.until(() =>
      onB.messages.some(
        (m) =>
          (m.type === "presence" && m.data.members.some((x) => x.id === memberIdOf(onA))) ||
          (m.type === "join" && m.data.member.id === memberIdOf(onA)),
      )
        ? true
        : undefined,
    );

    onB.close();
    const left = await onA.waitFor(inRoom("leave", "team:1"));
    expect(left).toMatchObject({ data: { member: { id: memberIdOf(onB) } } });
  });

  it("relays indicators to the room on both hubs and not to other rooms", async () => {
    const sender = await presenceClient(a.wsUrl, "team:2");
    const peer = await presenceClient(b.wsUrl, "team:2");
    const other = await presenceClient(b.wsUrl, "team:3");
    const legacy = await TestClient.ready(`${b.wsUrl}?rooms=team:2`);
    clients.push(sender, peer, other, legacy);

    sender.send({ type: "publish", data: { room: "team:2", kind: "viewing", payload: "p1" } });
    for (const client of [sender, peer]) {
      expect(await client.waitFor(inRoom("indicator", "team:2"))).toMatchObject({
        data: { kind: "viewing", payload: "p1", from: { id: memberIdOf(sender) } },
      });
    }
    // A later indicator in the other room reaches `other`; by then team:2's would have too.
    const witness = await presenceClient(a.wsUrl, "team:3");
    clients.push(witness);
    witness.send({ type: "publish", data: { room: "team:3", kind: "viewing", payload: "p2" } });
    await other.waitFor(inRoom("indicator", "team:3"));
    expect(other.ofType("indicator").map((m) => m.data.room)).toEqual(["team:3"]);
    legacy.send({ type: "ping" });
    await legacy.waitFor((m) => m.type === "pong");
    expect(legacy.messages.map((m) => m.type)).toEqual(["welcome", "subscribed", "pong"]);
    expect(legacy.ofType("welcome")[0]?.data.user).toBeUndefined();

    // Nothing of it went into the stream.
    expect((await a.app.broker.position()).lastSeq).toBe(0);
  });

  it("drops the members of a hub killed with SIGKILL, and only those", async () => {
    const doomed = await spawnHub({ ...env(nats.url), HUB_LOG_LEVEL: "warn" });
    processes.push(doomed);
    const watcher = await presenceClient(a.wsUrl, "team:4");
    const bystander = await presenceClient(b.wsUrl, "team:4");
    const victim = await presenceClient(doomed.wsUrl, "team:4");
    clients.push(watcher, bystander, victim);
    const joined = (client: TestClient) => () =>
      watcher.ofType("join").some((m) => m.data.member.id === memberIdOf(client)) || undefined;
    await watcher.until(joined(bystander));
    await watcher.until(joined(victim));

    doomed.kill("SIGKILL");
    await doomed.exited;
    // The dead hub said nothing: only the sweep can announce this leave.
    const left = await watcher.waitFor(inRoom("leave", "team:4"), {
      timeoutMs: LEAVE_DEADLINE_MS,
    });
    expect(left).toMatchObject({ data: { member: { id: memberIdOf(victim) } } });
    // The hub that is alive keeps its member: one leave, the victim's.
    expect(watcher.ofType("leave").map((m) => m.data.member.id)).toEqual([memberIdOf(victim)]);
  });

  it("forgets a hub that shut down gracefully at once (bye), not by the sweep", async () => {
    const slow = { ...env(nats.url), HUB_PRESENCE_HEARTBEAT_MS: String(SLOW_HEARTBEAT_MS) };
    const staying = await startTestHub(slow);
    const leaving = await startTestHub(slow);
    let left = false;
    try {
      const watcher = await presenceClient(staying.wsUrl, "team:5");
      const guest = await presenceClient(leaving.wsUrl, "team:5");
      clients.push(watcher, guest);
      await watcher.waitFor(inRoom("join", "team:5"));
      await leaving.close();
      left = true;
      // With 60 s heartbeats the sweep would need 3 minutes, beyond this test's timeout.
      const leave = await watcher.waitFor(inRoom("leave", "team:5"), { timeoutMs: 30_000 });
      expect(leave).toMatchObject({ data: { member: { id: memberIdOf(guest) } } });
    } finally {
      if (!left) await leaving.close();
      await staying.close();
    }
  });
});
