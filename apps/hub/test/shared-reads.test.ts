import { connect, type NatsConnection, type Subscription } from "@nats-io/transport-node";
import { type NatsServerHandle, startNatsServer } from "@pulseboard/testkit";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { BrokerEvent, HistoryRequest } from "../src/broker/broker.js";
import { MemoryBroker } from "../src/broker/memory/memory-broker.js";
import { SharedReads } from "../src/shared-reads.js";
import { playback as brokerPlayback } from "./support/broker-events.js";
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

/**
 * The restart storm of issue #15: many clients open the same quiet room with history at once.
 * Counted on a real nats-server: JetStream consumers created (each stream read opens one).
 */
describe("history reads shared by concurrent clients, NATS engine", { timeout: 60_000 }, () => {
  let nats: NatsServerHandle;
  let admin: NatsConnection;
  let consumerApi: Subscription;
  let creates = 0;
  const clients: TestClient[] = [];
  let hub: TestHub | undefined;

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
    await hub?.close();
  });
  afterAll(async () => {
    consumerApi?.unsubscribe();
    await admin?.close();
    await nats?.stop();
  });

  it("40 clients asking the same room's history at once cause one stream read", async () => {
    // Recent events off: nothing is answered from memory, every history needs the stream.
    const started = await startTestHub({ NATS_URL: nats.url, HUB_RECENT_EVENTS: "0" });
    hub = started;
    const seqs = await started.publish(playbacks("quiet", 30));
    while (started.app.hub.seq < (seqs.at(-1) ?? 0)) await pause(10);
    // The engine's read is held open until every client asked, so they are all concurrent
    // however slowly this machine upgrades 40 sockets; it then reads NATS for real.
    const broker = started.app.broker;
    const history = broker.history.bind(broker);
    let open: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      open = resolve;
    });
    broker.history = async (request) => {
      await held;
      return history(request);
    };
    await admin.flush();
    const before = creates;
    const url = `${started.wsUrl}?rooms=quiet&history=10`;
    const opening = Array.from({ length: 40 }, () => TestClient.connect(url));
    clients.push(...(await Promise.all(opening)));
    const sharing = () => started.app.hub.history.sharing;
    while (sharing().started + sharing().joined < 40) await pause(10);
    open();
    for (const client of clients) {
      await client.waitFor((message) => message.type === "subscribed");
      expect(client.events().map((event) => event.seq)).toEqual(seqs.slice(-10));
    }
    await admin.flush();
    expect(sharing()).toEqual({ started: 1, joined: 39 });
    expect(creates - before).toBe(1);
  });
});
