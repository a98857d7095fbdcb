import { type NatsServerHandle, startNatsServer } from "@pulseboard/testkit";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { BrokerEvent, HistoryRequest, ReplayRequest } from "../src/broker/broker.js";
import { MemoryBroker } from "../src/broker/memory/memory-broker.js";
import { CatchUpGate } from "../src/catch-up-gate.js";
import { RangeReads } from "../src/range-reads.js";
import { RecentEvents } from "../src/recent-events.js";
import { SharedReads } from "../src/shared-reads.js";
import { playback as brokerPlayback } from "./support/broker-events.js";
import { type ConsumerCreates, countConsumerCreates } from "./support/consumer-creates.js";
import { playbacks } from "./support/events.js";
import { startTestHub, type TestHub } from "./support/hub.js";
import { TestClient } from "./support/ws-client.js";

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("SharedReads: concurrent identical reads share one", () => {
  /** A real engine whose history reads are counted, each held open until released. */
  async function countedEngine() {
    const broker = new MemoryBroker({ retention: 1_000 });
    await broker.start();
    const { seqs } = await broker.publish(
      Array.from({ length: 30 }, (_, i) => brokerPlayback(i % 2 ? "a" : "b", `e${i}`)),
    );
    let reads = 0;
    const held: (() => void)[] = [];
    const read = async (request: HistoryRequest): Promise<BrokerEvent[]> => {
      reads++;
      await new Promise<void>((resolve) => held.push(resolve));
      return broker.history(request);
    };
    const release = () => {
      for (const resolve of held.splice(0)) resolve();
    };
    return { seqs, read, reads: () => reads, release };
  }

  it("serves many concurrent requests for a key with one read, and reads again afterwards", async () => {
    const engine = await countedEngine();
    const shared = new SharedReads<BrokerEvent[]>();
    const request = { rooms: ["a"], perRoom: 5, throughSeq: engine.seqs.at(-1) ?? 0 };
    const answers = Array.from({ length: 200 }, () =>
      shared.read("a|5", () => engine.read(request)),
    );
    const other = shared.read("b|5", () => engine.read({ ...request, rooms: ["b"] }));
    expect(engine.reads()).toBe(2);
    expect(shared.inFlight).toBe(2);
    engine.release();
    const results = await Promise.all(answers);
    expect(results[0]?.map((event) => event.room)).toEqual(["a", "a", "a", "a", "a"]);
    // One result, shared as is.
    for (const result of results) expect(result).toBe(results[0]);
    expect([shared.started, shared.joined]).toEqual([2, 199]);

    // Nothing is cached once a read settled: the next request reads again.
    const again = shared.read("a|5", () => engine.read(request));
    expect(engine.reads()).toBe(3);
    engine.release();
    expect((await other).map((event) => event.room)).toEqual(["b", "b", "b", "b", "b"]);
    expect(await again).not.toBe(results[0]);
  });

  it("fails every sharer with the read's error, and the retry is shared again", async () => {
    const shared = new SharedReads<number>();
    let reads = 0;
    let fail: (error: Error) => void = () => {};
    const failing = () =>
      new Promise<number>((_, reject) => {
        reads++;
        fail = reject;
      });
    const sharers = [shared.read("k", failing), shared.read("k", failing)];
    fail(new Error("request timed out"));
    for (const sharer of sharers) await expect(sharer).rejects.toThrow("request timed out");
    const retries = [shared.read("k", async () => ++reads), shared.read("k", async () => ++reads)];
    expect(await Promise.all(retries)).toEqual([2, 2]);
    expect(shared.inFlight).toBe(0);
  });
});

describe("RangeReads: tails after a shared read, shared and gated", () => {
  it("joins concurrent tails from the same seq into one read; later boundaries continue from it", async () => {
    const broker = new MemoryBroker({ retention: 1_000 });
    await broker.start();
    const { seqs } = await broker.publish(playbacks("t", 20));
    let head = seqs[9] ?? 0;
    const reads: [number, number][] = [];
    const held: (() => void)[] = [];
    const gate = new CatchUpGate(1);
    const ranges = new RangeReads({
      stream: {
        replay: async function* (request) {
          reads.push([request.afterSeq, request.throughSeq]);
          await new Promise<void>((resolve) => held.push(resolve));
          yield* broker.replay(request);
        },
      },
      // No recent events: every tail is a stream read.
      recent: new RecentEvents(0, 0),
      gate,
      epoch: () => broker.epoch,
      seq: () => head,
    });
    const from = seqs[4] ?? 0;
    const until = async (check: () => boolean) => {
      while (!check()) await pause(5);
    };
    // 30 tails from the same seq; the head moves on while the first read waits.
    const early = Array.from({ length: 20 }, () => ranges.read(["t"], from, seqs[9] ?? 0));
    await until(() => reads.length === 1);
    head = seqs[19] ?? 0;
    const late = Array.from({ length: 10 }, () => ranges.read(["t"], from, seqs[19] ?? 0));
    expect(reads).toEqual([[from, seqs[9]]]);
    expect(gate.active).toBe(1);
    held.shift()?.();
    for (const tail of await Promise.all(early))
      expect(tail.map((e) => e.seq)).toEqual(seqs.slice(5, 10));
    // The late ones continue after the first read's end, in one more shared read.
    await until(() => held.length === 1);
    held.shift()?.();
    for (const tail of await Promise.all(late))
      expect(tail.map((e) => e.seq)).toEqual(seqs.slice(5, 20));
    expect(reads).toEqual([
      [from, seqs[9]],
      [seqs[9], seqs[19]],
    ]);
    expect(ranges.sharing).toEqual({ started: 2, joined: 38 });
    await broker.close();
  });
});

/**
 * The restart storm of issue #15: many clients open the same room with history, or resume it
 * from the same position, at once. Counted on a real nats-server: JetStream consumers created
 * (each stream read opens one). The engine's read is held open until every client asked, so
 * they are all concurrent however slowly this machine upgrades their sockets.
 */
describe("stream reads shared by concurrent clients, NATS engine", { timeout: 60_000 }, () => {
  let nats: NatsServerHandle;
  let consumers: ConsumerCreates;
  const clients: TestClient[] = [];
  let hub: TestHub | undefined;

  beforeAll(async () => {
    nats = await startNatsServer();
    consumers = await countConsumerCreates(nats.url);
  });
  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    await hub?.close();
  });
  afterAll(async () => {
    await consumers?.close();
    await nats?.stop();
  });

  /** A hub with recent events off (every read goes to the stream) and 30 events in "r". */
  async function hubWithEvents(): Promise<{ target: TestHub; seqs: number[] }> {
    const target = await startTestHub({ NATS_URL: nats.url, HUB_RECENT_EVENTS: "0" });
    hub = target;
    const seqs = await target.publish(playbacks("r", 30));
    while (target.app.hub.seq < (seqs.at(-1) ?? 0)) await pause(10);
    return { target, seqs };
  }

  /** Opens `count` sockets while the engine's reads wait for `ready()`, then lets them go. */
  async function openHeld(url: string, count: number, ready: () => boolean): Promise<void> {
    const opening = Array.from({ length: count }, () => TestClient.connect(url));
    clients.push(...(await Promise.all(opening)));
    while (!ready()) await pause(10);
  }

  it("40 clients asking the same room's history at once cause one stream read", async () => {
    const { target, seqs } = await hubWithEvents();
    const broker = target.app.broker;
    const history = broker.history.bind(broker);
    const held = opening();
    broker.history = async (request) => {
      await held.promise;
      return history(request);
    };
    const sharing = () => target.app.hub.history.sharing;
    const created = await consumers.during(async () => {
      await openHeld(`${target.wsUrl}?rooms=r&history=10`, 40, () => {
        return sharing().started + sharing().joined === 40;
      });
      held.open();
      for (const client of clients) await client.waitFor((m) => m.type === "subscribed");
    });
    for (const client of clients) {
      expect(client.events().map((event) => event.seq)).toEqual(seqs.slice(-10));
    }
    expect(sharing()).toEqual({ started: 1, joined: 39 });
    expect(created).toBe(1);
  });

  it("30 clients resuming the same rooms from the same seq at once cause one stream read", async () => {
    const { target, seqs } = await hubWithEvents();
    const broker = target.app.broker;
    const replay = broker.replay.bind(broker);
    const held = opening();
    broker.replay = async function* (request: ReplayRequest): AsyncGenerator<BrokerEvent> {
      await held.promise;
      yield* replay(request);
    };
    const shared = target.app.hub.sharedReplays;
    const since = seqs[9] ?? 0;
    const url = `${target.wsUrl}?rooms=r&since=${since}&epoch=${broker.epoch}`;
    const created = await consumers.during(async () => {
      await openHeld(url, 30, () => shared.started + shared.joined === 30);
      // Joiners took no catch-up slot: only the read holds one.
      expect(target.app.hub.catchUpGate.active).toBe(1);
      held.open();
      for (const client of clients) await client.waitFor((m) => m.type === "subscribed");
    });
    for (const client of clients) {
      expect(client.events().map((event) => event.seq)).toEqual(seqs.slice(10));
    }
    expect([shared.started, shared.joined]).toEqual([1, 29]);
    expect(created).toBe(1);
    // Live events follow each resume with no gap and no duplicate.
    const live = await target.publish(playbacks("r", 2, 100));
    for (const client of clients) {
      await client.waitForEvents(22);
      expect(client.events().map((event) => event.seq)).toEqual([...seqs.slice(10), ...live]);
    }
  });
});

/** A promise the test resolves when it chooses. */
function opening(): { promise: Promise<void>; open: () => void } {
  let open: () => void = () => {};
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}
