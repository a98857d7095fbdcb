import { afterEach, describe, expect, it } from "vitest";
import type { BrokerEvent } from "../src/broker/broker.js";
import { playback, playbacks, stats, syncProgress } from "./support/events.js";
import { startTestHub, type TestHub } from "./support/hub.js";
import { TestClient } from "./support/ws-client.js";

describe("snapshot and resume", () => {
  let hub: TestHub;
  const clients: TestClient[] = [];
  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    await hub.close();
  });
  const connect = async (query = "") => {
    const client = await TestClient.ready(`${hub.wsUrl}${query}`);
    clients.push(client);
    return client;
  };

  it("sends the latest stats_update and running sync_progress on subscribe without since", async () => {
    hub = await startTestHub();
    await hub.publish([
      stats("global", 1),
      syncProgress("global", "sync-a", "running", 0.2),
      syncProgress("global", "sync-b", "running", 0.1),
      playback("global", 1),
      stats("global", 2),
      syncProgress("global", "sync-a", "running", 0.6),
      syncProgress("global", "sync-b", "completed", 1),
      stats("other", 99),
    ]);
    const client = await connect();
    const snapshot = client.events();
    expect(snapshot.map((e) => [e.type, e.seq])).toEqual([
      ["stats_update", 5],
      ["sync_progress", 6],
    ]);
    expect(snapshot[1]?.data).toMatchObject({ correlation_id: "sync-a", progress: 0.6 });
    // The snapshot comes before `subscribed`, live events after it.
    const subscribedAt = client.messages.findIndex((m) => m.type === "subscribed");
    expect(client.messages.slice(subscribedAt + 1)).toEqual([]);
  });

  it("resumes after a dropped connection with exactly the missed events, then live", async () => {
    hub = await startTestHub();
    const first = await connect("?rooms=global,dashboard:1");
    const before = await hub.publish(playbacks("global", 5));
    await first.waitForEvents(5);
    const lastSeen = before.at(-1) ?? 0;
    first.socket.terminate();

    const missed = await hub.publish([
      ...playbacks("global", 4, 100),
      playback("elsewhere", 1),
      playback("dashboard:1", 7),
    ]);
    const epoch = hub.app.broker.epoch;
    const resumed = await connect(`?rooms=global,dashboard:1&since=${lastSeen}&epoch=${epoch}`);
    const live = await hub.publish([playback("global", 200)]);
    const events = await resumed.waitForEvents(6);
    const expected = [...missed.slice(0, 4), missed[5], live[0]];
    expect(events.map((e) => e.seq)).toEqual(expected);
    expect(resumed.ofType("reset")).toEqual([]);
    // The replay precedes `subscribed`; the live event follows it.
    const order = resumed.messages.map((m) => ("seq" in m && "room" in m ? m.seq : m.type));
    expect(order).toEqual(["welcome", ...expected.slice(0, 5), "subscribed", live[0]]);
  });

  it("resumes with since on a later subscribe message too", async () => {
    hub = await startTestHub();
    const seqs = await hub.publish(playbacks("dashboard:9", 6));
    const client = await connect("?rooms=global");
    client.send({ type: "subscribe", id: "s", data: { rooms: ["dashboard:9"], since: seqs[2] } });
    await client.waitFor((m) => m.type === "subscribed" && m.ref === "s");
    expect(client.events("dashboard:9").map((e) => e.seq)).toEqual(seqs.slice(3));
  });

  it("answers reset and a snapshot when the epoch changed", async () => {
    hub = await startTestHub();
    await hub.publish([stats("global", 10), playback("global", 1)]);
    const client = await connect("?since=1&epoch=some-older-epoch");
    const reset = client.ofType("reset")[0];
    expect(reset?.data).toEqual({ rooms: ["global"], reason: "epoch" });
    expect(client.events().map((e) => e.type)).toEqual(["stats_update"]);
  });

  it("answers reset when since is ahead of the stream", async () => {
    hub = await startTestHub();
    await hub.publish(playbacks("global", 2));
    const client = await connect("?since=50");
    expect(client.ofType("reset")[0]?.data.reason).toBe("ahead");
    expect(client.events()).toEqual([]);
  });

  it("answers reset when since is older than retention", async () => {
    hub = await startTestHub({ HUB_MEMORY_RETENTION: "5" });
    await hub.publish([stats("global", 1), ...playbacks("global", 10)]);
    const client = await connect("?since=2");
    expect(client.ofType("reset")[0]?.data.reason).toBe("retention");
    expect(client.events().map((e) => e.seq)).toEqual([1]);
  });

  it("replays the oldest retained event when since is exactly one before it", async () => {
    hub = await startTestHub({ HUB_MEMORY_RETENTION: "5" });
    await hub.publish(playbacks("global", 10));
    const client = await connect("?since=5");
    expect(client.ofType("reset")).toEqual([]);
    expect(client.events().map((e) => e.seq)).toEqual([6, 7, 8, 9, 10]);
  });

  it("answers reset with replay_limit when a replay would exceed the cap", async () => {
    hub = await startTestHub({ HUB_REPLAY_LIMIT: "3" });
    await hub.publish([stats("global", 1), ...playbacks("global", 10)]);
    const client = await connect("?since=1");
    expect(client.ofType("reset")[0]?.data.reason).toBe("replay_limit");
    // After the reset, the snapshot: the latest stats (seq 1).
    expect(client.events().at(-1)?.seq).toBe(1);
  });

  it("with since equal to the head, sends nothing old and then everything new", async () => {
    hub = await startTestHub();
    const seqs = await hub.publish(playbacks("global", 3));
    const client = await connect(`?since=${seqs[2]}`);
    expect(client.events()).toEqual([]);
    const next = await hub.publish(playbacks("global", 2, 10));
    expect((await client.waitForEvents(2)).map((e) => e.seq)).toEqual(next);
  });

  it("sends nothing twice to a client ahead of this hub, even if events reach the hub while it plans", async () => {
    hub = await startTestHub();
    // This hub's live feed falls behind the stream (as one does when it is slower than the hub
    // the client came from): events are stored but held back from the fan-out.
    const target = hub.app.hub as unknown as { fanOut(event: BrokerEvent): void };
    const fanOut = target.fanOut.bind(target);
    const held: BrokerEvent[] = [];
    const release = (throughSeq: number) => {
      while (held[0] !== undefined && held[0].seq <= throughSeq) {
        fanOut(held.shift() as BrokerEvent);
      }
    };
    target.fanOut = (event) => held.push(event);
    const seqs = await hub.publish(playbacks("global", 6));
    // The feed catches up to seq 3 while the hub reads the stream's position for the resume.
    const broker = hub.app.broker;
    const position = broker.position.bind(broker);
    broker.position = async () => {
      const answer = await position();
      release(seqs[2] ?? 0);
      return answer;
    };

    // The client already has everything up to seq 4 (from a faster hub).
    const client = await connect(`?since=${seqs[3]}&epoch=${broker.epoch}`);
    release(Number.POSITIVE_INFINITY);
    target.fanOut = fanOut;
    const live = await hub.publish([playback("global", 100)]);

    // The live event comes last, so once it is in, everything sent before it is too.
    await client.waitFor((m) => "seq" in m && m.seq === live[0]);
    expect(client.events().map((e) => e.seq)).toEqual([seqs[4], seqs[5], live[0]]);
    expect(client.ofType("reset")).toEqual([]);
  });

  it("keeps live events that arrive during a large replay in order, after the replay", async () => {
    hub = await startTestHub();
    await hub.publish(playbacks("global", 3000));
    const client = await TestClient.connect(`${hub.wsUrl}?since=0`);
    clients.push(client);
    const live = await hub.publish(playbacks("global", 50, 5000));
    const events = await client.waitForEvents(3050);
    const seqs = events.map((e) => e.seq);
    expect(seqs).toEqual(Array.from({ length: 3050 }, (_, i) => i + 1));
    expect(seqs.slice(-50)).toEqual(live);
  });
});
