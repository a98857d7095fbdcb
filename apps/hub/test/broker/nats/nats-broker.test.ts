import {
  type FetchOptions,
  JetStreamApiError,
  type JetStreamClient,
  type JetStreamManager,
  type JsMsg,
  jetstream,
  jetstreamManager,
} from "@nats-io/jetstream";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { type NatsServerHandle, startNatsServer } from "@pulseboard/testkit";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { BrokerEvent } from "../../../src/broker/broker.js";
import type { NatsContext } from "../../../src/broker/nats/context.js";
import { NatsBroker, type NatsBrokerOptions } from "../../../src/broker/nats/nats-broker.js";
import { replayRange } from "../../../src/broker/nats/replay.js";
import { playback, publishSeqs, stats, sync } from "../../support/broker-events.js";
import { recordingLogger } from "../../support/recording-logger.js";
import { startTcpProxy } from "../../support/tcp-proxy.js";
import { describeBrokerContract } from "../broker-contract.js";

const STREAM = "PULSE";
const WAIT = { timeout: 30_000, interval: 25 };

let server: NatsServerHandle;
let admin: NatsConnection;
let jsm: JetStreamManager;
let js: JetStreamClient;

beforeAll(async () => {
  server = await startNatsServer();
  admin = await connect({ servers: server.url, maxReconnectAttempts: -1, reconnectTimeWait: 250 });
  jsm = await jetstreamManager(admin);
  js = jetstream(admin);
}, 30_000);

afterAll(async () => {
  await admin?.close();
  await server?.stop();
}, 30_000);

async function deleteStream(): Promise<void> {
  try {
    await jsm.streams.delete(STREAM);
  } catch (error) {
    if (!(error instanceof JetStreamApiError)) throw error;
  }
}

/** A started broker on a fresh stream (a previous test's stream is deleted first). */
async function freshBroker(options: Partial<NatsBrokerOptions> = {}) {
  await deleteStream();
  const logger = recordingLogger();
  const invalid: string[] = [];
  const broker = new NatsBroker({
    servers: server.url,
    defaultRoom: "global",
    logger,
    onInvalidEvent: (reason) => invalid.push(reason),
    ...options,
  });
  await broker.start();
  return { broker, logger, invalid };
}

describeBrokerContract("nats", async () => {
  const { broker } = await freshBroker();
  return {
    broker,
    async forget(upTo) {
      await jsm.streams.purge(STREAM, { seq: upTo + 1 });
    },
    async dispose() {
      await broker.close();
      await deleteStream();
    },
  };
});

describe("nats engine", { timeout: 90_000 }, () => {
  const cleanups: (() => Promise<unknown>)[] = [];

  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function started(options: Partial<NatsBrokerOptions> = {}) {
    const context = await freshBroker(options);
    cleanups.push(() => context.broker.close());
    const received: BrokerEvent[] = [];
    const subscription = await context.broker.subscribe((event) => received.push(event));
    cleanups.push(() => subscription.stop());
    return { ...context, received, subscription };
  }

  async function publishRaw(subject: string, body: string | Uint8Array): Promise<number> {
    return (await js.publish(subject, body)).seq;
  }

  it("drops and counts invalid events at the edge, delivering the valid ones", async () => {
    const { broker, received, invalid, logger } = await started();
    const valid = JSON.stringify(playback("global", "ok").data);
    await publishRaw("pulse.global.playback", "{not json");
    await publishRaw("pulse.global.playback", JSON.stringify({ username: "u", title: "t" }));
    await publishRaw("pulse.bad!room.playback", valid);
    await publishRaw("pulse.global.no_such_type", valid);
    await publishRaw("pulse.global.playback.key.extra", valid);
    await publishRaw("pulse.global.playback", new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]));
    await publishRaw("pulse.global.stats_update", JSON.stringify({ type: "playback", data: {} }));
    const sentinel = await publishRaw("pulse.global.playback", valid);

    await vi.waitFor(() => expect(received.at(-1)?.seq).toBe(sentinel), WAIT);
    expect(received.map((event) => event.seq)).toEqual([sentinel]);
    expect(invalid).toEqual([
      "bad_json",
      "bad_data",
      "bad_room",
      "unknown_type",
      "bad_subject",
      "bad_json",
      "bad_envelope",
    ]);
    expect(logger.entries.filter((entry) => entry.level === "warn")).toHaveLength(7);

    // A replay skips them too, without counting them a second time.
    const replayed: BrokerEvent[] = [];
    for await (const event of broker.replay({
      rooms: ["global"],
      afterSeq: 0,
      throughSeq: sentinel,
    }))
      replayed.push(event);
    expect(replayed.map((event) => event.seq)).toEqual([sentinel]);
    expect(invalid).toHaveLength(7);
  });

  it("maps raw playback on playback.> to the default room", async () => {
    const { received } = await started({ defaultRoom: "lobby" });
    const body = { ...playback("ignored", "legacy").data, type: "movie" };
    const first = await publishRaw("playback.anything", JSON.stringify(body));
    const second = await publishRaw("playback.server-1.sessions", JSON.stringify(body));
    await vi.waitFor(() => expect(received.at(-1)?.seq).toBe(second), WAIT);
    expect(received.map(({ type, room, seq }) => ({ type, room, seq }))).toEqual([
      { type: "playback", room: "lobby", seq: first },
      { type: "playback", room: "lobby", seq: second },
    ]);
    expect(received[0]?.data).toEqual(body);
  });

  it("accepts a whole {type, data} envelope as the body", async () => {
    const { broker, received } = await started();
    const data = stats("r", 5, { note: "extra" }).data;
    const seq = await publishRaw(
      "pulse.r.stats_update",
      JSON.stringify({ type: "stats_update", data }),
    );
    const roomed = await publishRaw(
      "pulse.r.stats_update",
      JSON.stringify({ type: "stats_update", room: "r", data: { ...data, total_count: 6 } }),
    );
    await vi.waitFor(() => expect(received.at(-1)?.seq).toBe(roomed), WAIT);
    expect(received.map((event) => [event.seq, event.room, event.type])).toEqual([
      [seq, "r", "stats_update"],
      [roomed, "r", "stats_update"],
    ]);
    expect(received[0]?.data).toEqual(data);
    expect((await broker.snapshot("r")).map((event) => event.seq)).toEqual([roomed]);
  });

  it("keys sync_progress subjects per correlation id and snapshots unkeyed producers too", async () => {
    const { broker, received } = await started();
    const [keyed] = await publishSeqs(broker, [sync("r", "job-1", "running")]);
    const stored = await jsm.streams.getMessage(STREAM, {
      last_by_subj: "pulse.r.sync_progress.job-1",
    });
    expect(stored?.seq).toBe(keyed);
    // A producer that does not key its subject still gets its newest running sync snapshotted.
    const unkeyed = await publishRaw(
      "pulse.r.sync_progress",
      JSON.stringify(sync("r", "job-2", "running").data),
    );
    await vi.waitFor(() => expect(received.at(-1)?.seq).toBe(unkeyed), WAIT);
    expect((await broker.snapshot("r")).map((event) => event.seq)).toEqual([keyed, unkeyed]);
  });

  it("reads the epoch from the stream instance: a recreated stream is a new epoch", async () => {
    const first = await freshBroker();
    cleanups.push(() => first.broker.close());
    const epoch = first.broker.epoch;
    expect((await first.broker.position()).epoch).toBe(epoch);

    await deleteStream();
    const second = await freshBroker();
    cleanups.push(() => second.broker.close());
    expect(second.broker.epoch).not.toBe(epoch);
    // The older broker notices too, and reports the new one from then on.
    expect((await first.broker.position()).epoch).toBe(second.broker.epoch);
    expect(first.broker.epoch).toBe(second.broker.epoch);
  });

  it("reads the position again until it reaches a sequence known to be stored (position(atLeast))", async () => {
    const { broker } = await started();
    const [head] = (await broker.publish([playback("global", "p-at-least-1")])).seqs;
    // A stale answer (a cluster's new leader) looks like this one: lower than asked. The
    // engine must keep reading; here the sequence arrives while it does.
    const asked = broker.position((head ?? 0) + 1);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const [next] = (await broker.publish([playback("global", "p-at-least-2")])).seqs;
    expect((await asked).lastSeq).toBe(next);
    // Without `atLeast`, or already reached: one read.
    expect((await broker.position()).lastSeq).toBe(next);
  });

  it("updates the limits of an existing stream at start", async () => {
    const { broker } = await freshBroker({ maxAgeMs: 60_000, maxBytes: 1_000_000 });
    await broker.close();
    const again = new NatsBroker({
      servers: server.url,
      defaultRoom: "global",
      logger: recordingLogger(),
      maxAgeMs: 120_000,
      maxBytes: 2_000_000,
    });
    await again.start();
    cleanups.push(() => again.close());
    const { config } = await jsm.streams.info(STREAM);
    expect(config.max_age).toBe(120_000 * 1_000_000);
    expect(config.max_bytes).toBe(2_000_000);
    expect(config.subjects).toEqual(expect.arrayContaining(["pulse.>", "playback.>"]));
    expect(config.storage).toBe("file");
    expect(again.epoch).toBe(broker.epoch);
  });

  it("deletes a replay's consumer when the iteration is abandoned", async () => {
    const { broker } = await started();
    const seqs = await publishSeqs(
      broker,
      Array.from({ length: 20 }, (_, i) => playback("a", `${i}`)),
    );
    const baseline = (await jsm.streams.info(STREAM)).state.consumer_count;
    for await (const event of broker.replay({
      rooms: ["a"],
      afterSeq: 0,
      throughSeq: seqs.at(-1) ?? 0,
    })) {
      expect(event.seq).toBe(seqs[0]);
      expect((await jsm.streams.info(STREAM)).state.consumer_count).toBe(baseline + 1);
      break;
    }
    await vi.waitFor(async () => {
      expect((await jsm.streams.info(STREAM)).state.consumer_count).toBe(baseline);
    }, WAIT);
  });

  it("replays across deleted messages, including at the end of the range", async () => {
    const { broker } = await started();
    const seqs = await publishSeqs(
      broker,
      Array.from({ length: 8 }, (_, i) => playback("a", `${i}`)),
    );
    await jsm.streams.deleteMessage(STREAM, seqs[3] ?? 0);
    await jsm.streams.deleteMessage(STREAM, seqs[6] ?? 0);
    await jsm.streams.deleteMessage(STREAM, seqs[7] ?? 0);
    const replayed: number[] = [];
    for await (const event of broker.replay({
      rooms: ["a"],
      afterSeq: 0,
      throughSeq: seqs[7] ?? 0,
    }))
      replayed.push(event.seq);
    expect(replayed).toEqual([seqs[0], seqs[1], seqs[2], seqs[4], seqs[5]]);
  });

  it("fails a replay whose consumer skips a message the stream still holds", async () => {
    const { broker } = await started();
    const seqs = await publishSeqs(
      broker,
      Array.from({ length: 5 }, (_, i) => playback("a", `${i}`)),
    );
    // A consumer that misbehaves: it never hands over seqs[2], which stays stored.
    const ctx = (broker as unknown as { context: NatsContext }).context;
    const skipping = async function* (batch: AsyncIterable<JsMsg>) {
      for await (const message of batch) if (message.seq !== seqs[2]) yield message;
    };
    const js = {
      consumers: {
        get: async (...args: Parameters<JetStreamClient["consumers"]["get"]>) => {
          const consumer = await ctx.js.consumers.get(...args);
          return {
            fetch: async (options: FetchOptions) => skipping(await consumer.fetch(options)),
            delete: () => consumer.delete(),
          };
        },
      },
    };
    const replayed: number[] = [];
    const replay = async () => {
      const range = { rooms: ["a"], afterSeq: 0, throughSeq: seqs[4] ?? 0 };
      for await (const event of replayRange({ ...ctx, js } as unknown as NatsContext, range))
        replayed.push(event.seq);
    };
    await expect(replay()).rejects.toThrow(`replay skipped seq ${seqs[2]}`);
    expect(replayed).toEqual([seqs[0], seqs[1]]);
  });

  it("survives a server restart: no event skipped or repeated, ready drops and returns", async () => {
    const { broker, received, subscription } = await started();
    const readiness: boolean[] = [];
    const unsubscribe = broker.onReadyChange((ready) => readiness.push(ready));
    cleanups.push(async () => unsubscribe());
    const epoch = broker.epoch;

    const before = await publishSeqs(
      broker,
      Array.from({ length: 5 }, (_, i) => playback("a", `b${i}`)),
    );
    await vi.waitFor(() => expect(received.at(-1)?.seq).toBe(before.at(-1)), WAIT);

    await server.halt();
    await vi.waitFor(() => expect(broker.ready).toBe(false), WAIT);
    await server.resume();

    // Another producer publishes as soon as the server is back, likely before the hub reconnects.
    const producer = await connect({ servers: server.url });
    const early = await publishWhenJetStreamIsUp(jetstream(producer), 3);
    await producer.close();

    await vi.waitFor(() => expect(broker.ready).toBe(true), WAIT);
    const after = await publishSeqs(
      broker,
      Array.from({ length: 5 }, (_, i) => playback("a", `a${i}`)),
    );
    const all = [...before, ...early, ...after];
    await vi.waitFor(() => expect(received.at(-1)?.seq).toBe(all.at(-1)), WAIT);
    expect(received.map((event) => event.seq)).toEqual(all);
    expect(all).toEqual(
      Array.from({ length: all.length }, (_, i) => subscription.startSeq + 1 + i),
    );
    expect(readiness).toEqual([false, true]);
    expect((await broker.position()).epoch).toBe(epoch);
  });
});

describe("nats engine with a backlog when the connection breaks", { timeout: 90_000 }, () => {
  /**
   * The hub connects through a proxy; pausing it holds back everything the server sends, so
   * the burst published meanwhile is stored but certainly not delivered when the link breaks.
   */
  async function behindByABurst() {
    const proxy = await startTcpProxy(server.port);
    const { broker } = await freshBroker({ servers: proxy.url });
    const received: BrokerEvent[] = [];
    const subscription = await broker.subscribe((event) => received.push(event));
    const body = JSON.stringify(playback("a", "burst").data);
    const publish = async (count: number) =>
      (
        await Promise.all(Array.from({ length: count }, () => js.publish("pulse.a.playback", body)))
      ).map((ack) => ack.seq);
    // Some traffic first, so the consumer is mid-pull rather than idle.
    const seqs = await publish(100);
    await vi.waitFor(() => expect(received.at(-1)?.seq).toBe(seqs.at(-1)), WAIT);
    proxy.pause();
    seqs.push(...(await publish(3_000)));
    const close = async () => {
      await subscription.stop();
      await broker.close();
      await proxy.close();
    };
    return { proxy, broker, received, seqs, close };
  }

  it("resumes mid-backlog after the server restarted (consumer lost)", async () => {
    const { proxy, broker, received, seqs, close } = await behindByABurst();
    try {
      expect(received.length).toBe(100);
      await server.halt();
      proxy.drop();
      await vi.waitFor(() => expect(broker.ready).toBe(false), WAIT);
      await server.resume();
      await vi.waitFor(() => expect(received.at(-1)?.seq).toBe(seqs.at(-1)), WAIT);
      expect(received.map((event) => event.seq)).toEqual(seqs);
    } finally {
      await close();
    }
  });

  it("resumes mid-backlog after a dropped connection (consumer kept)", async () => {
    const { proxy, broker, received, seqs, close } = await behindByABurst();
    try {
      expect(received.length).toBe(100);
      proxy.drop();
      await vi.waitFor(() => expect(broker.ready).toBe(false), WAIT);
      await vi.waitFor(() => expect(received.at(-1)?.seq).toBe(seqs.at(-1)), WAIT);
      expect(received.map((event) => event.seq)).toEqual(seqs);
    } finally {
      await close();
    }
  });
});

/**
 * Publishes `count` playbacks once JetStream answers. Each carries a message id, so a retry
 * after a lost ack is deduplicated by the stream and returns the original seq.
 */
async function publishWhenJetStreamIsUp(client: JetStreamClient, count: number): Promise<number[]> {
  const seqs: number[] = [];
  for (let i = 0; i < count; i++) {
    const body = JSON.stringify(playback("a", `early${i}`).data);
    const publish = () => client.publish("pulse.a.playback", body, { msgID: `early-${i}` });
    const seq = await vi.waitFor(async () => (await publish()).seq, { ...WAIT, interval: 100 });
    seqs.push(seq);
  }
  return seqs;
}
