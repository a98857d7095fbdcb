import type { PublishInput } from "@pulseboard/protocol";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  type Broker,
  type BrokerEvent,
  type EphemeralMessage,
  type LiveSubscription,
  ReplayTruncatedError,
} from "../../src/broker/broker.js";
import {
  acknowledgement,
  mixedEvents,
  playback,
  publishSeqs,
  stats,
  sync,
} from "../support/broker-events.js";

/**
 * The one behavioural contract every broker engine must meet. Each engine's test file calls
 * `describeBrokerContract` with a factory; nothing here knows which engine it is testing.
 */

export interface BrokerHarness {
  /** A started broker over an empty event store. */
  broker: Broker;
  /** Makes every event with `seq <= upTo` unavailable, as retention would. */
  forget(upTo: number): Promise<void>;
  /** Closes the broker and releases whatever the harness created. */
  dispose(): Promise<void>;
}

const WAIT = { timeout: 20_000, interval: 20 };

/** What a producer sent, as seen in a delivered event (seq and ts are the broker's). */
function sent(event: BrokerEvent): PublishInput {
  return { room: event.room, type: event.type, data: event.data } as PublishInput;
}

async function collect(iterable: AsyncIterable<BrokerEvent>): Promise<BrokerEvent[]> {
  const events: BrokerEvent[] = [];
  for await (const event of iterable) events.push(event);
  return events;
}

function expectIncreasing(seqs: readonly number[]): void {
  for (let i = 1; i < seqs.length; i++) {
    expect(seqs[i]).toBeGreaterThan(seqs[i - 1] ?? Number.POSITIVE_INFINITY);
  }
}

export function describeBrokerContract(
  name: string,
  makeHarness: () => Promise<BrokerHarness>,
): void {
  describe(`broker contract: ${name}`, { timeout: 60_000 }, () => {
    let harness: BrokerHarness;
    let broker: Broker;
    const subscriptions: LiveSubscription[] = [];

    /** Subscribes and records; stopped after the test. */
    async function listen() {
      const received: BrokerEvent[] = [];
      const subscription = await broker.subscribe((event) => received.push(event));
      subscriptions.push(subscription);
      return { received, subscription };
    }

    beforeEach(async () => {
      harness = await makeHarness();
      broker = harness.broker;
    });

    afterEach(async () => {
      await Promise.all(subscriptions.splice(0).map((subscription) => subscription.stop()));
      await harness.dispose();
    });

    it("starts ready, at an empty position, with an epoch", async () => {
      expect(broker.ready).toBe(true);
      expect(broker.epoch).not.toBe("");
      expect(await broker.position()).toEqual({ epoch: broker.epoch, firstSeq: 1, lastSeq: 0 });
    });

    it("publish returns increasing seqs and moves the head", async () => {
      const first = await publishSeqs(broker, [
        playback("a", "1"),
        stats("a", 1),
        playback("b", "2"),
      ]);
      expect(first).toHaveLength(3);
      expectIncreasing(first);
      const second = await publishSeqs(broker, [sync("a", "job", "running")]);
      expect(second[0]).toBeGreaterThan(first[2] ?? Number.POSITIVE_INFINITY);
      const position = await broker.position();
      expect(position).toEqual({ epoch: broker.epoch, firstSeq: first[0], lastSeq: second[0] });
      expect(await publishSeqs(broker, [])).toEqual([]);
    });

    it("delivers every event after startSeq to a live subscriber, in order, once", async () => {
      await publishSeqs(broker, [playback("a", "before")]);
      const head = (await broker.position()).lastSeq;
      const { received, subscription } = await listen();
      expect(subscription.startSeq).toBe(head);

      const inputs = mixedEvents(60, ["a", "b", "global"]);
      const seqs = [
        ...(await publishSeqs(broker, inputs.slice(0, 25))),
        ...(await publishSeqs(broker, inputs.slice(25, 26))),
        ...(await publishSeqs(broker, inputs.slice(26))),
      ];
      await vi.waitFor(() => expect(received.at(-1)?.seq).toBe(seqs.at(-1)), WAIT);
      expect(received.map((event) => event.seq)).toEqual(seqs);
      expect(received.map(sent)).toEqual(inputs);
      for (const event of received) expect(Number.isNaN(Date.parse(event.ts))).toBe(false);

      // A later event arrives after everything else: no duplicate slipped in meanwhile.
      const [sentinel] = await publishSeqs(broker, [playback("a", "sentinel")]);
      await vi.waitFor(() => expect(received.at(-1)?.seq).toBe(sentinel), WAIT);
      expect(received).toHaveLength(seqs.length + 1);
    });

    it("stores a retried publish once: same idempotency key, same seq, marked duplicate", async () => {
      const keyed = { ...playback("a", "k1"), idempotency_key: "producer-1:k1" };
      const first = await broker.publish([keyed, playback("a", "plain")]);
      expect(first.duplicates).toEqual([]);
      // The retry, and a repeat inside one batch, are recognised; unkeyed events never are.
      const retry = await broker.publish([
        playback("a", "plain"),
        keyed,
        { ...playback("a", "k2"), idempotency_key: "producer-1:k2" },
        { ...playback("a", "k2"), idempotency_key: "producer-1:k2" },
      ]);
      expect(retry.seqs[1]).toBe(first.seqs[0]);
      expect(retry.seqs[3]).toBe(retry.seqs[2]);
      expect(retry.duplicates).toEqual([1, 3]);
      const head = (await broker.position()).lastSeq;
      const stored = await collect(broker.replay({ rooms: ["a"], afterSeq: 0, throughSeq: head }));
      expect(stored.map((event) => (event.data as { id: string }).id)).toEqual([
        "k1",
        "plain",
        "plain",
        "k2",
      ]);
    });

    it("hands on the producer's data text byte for byte: live, replay and snapshot", async () => {
      const { received } = await listen();
      // Key order the schema does not declare, an integer-like key, a number spelling that
      // JSON.stringify would change, Go's HTML escapes.
      const text =
        '{"total_count":1.50E1,"2":"two","timestamp":"2026-11-30T21:14:03.123456789Z","note":"\u003cb\u003e"}';
      const input = {
        room: "a",
        type: "stats_update",
        data: JSON.parse(text),
        dataJson: text,
      } as const;
      const [seq] = await publishSeqs(broker, [input]);
      await vi.waitFor(() => expect(received.at(-1)?.seq).toBe(seq), WAIT);
      expect(received.at(-1)?.dataJson).toBe(text);
      const [replayed] = await collect(
        broker.replay({ rooms: ["a"], afterSeq: (seq ?? 1) - 1, throughSeq: seq ?? 0 }),
      );
      expect(replayed?.dataJson).toBe(text);
      const [snapshot] = await broker.snapshot("a");
      expect(snapshot?.dataJson).toBe(text);
    });

    it("stops delivering to a stopped subscription", async () => {
      const stopped = await listen();
      const running = await listen();
      const [seen] = await publishSeqs(broker, [playback("a", "1")]);
      await vi.waitFor(() => expect(stopped.received.at(-1)?.seq).toBe(seen), WAIT);
      await stopped.subscription.stop();
      await stopped.subscription.stop();
      const [later] = await publishSeqs(broker, [playback("a", "2")]);
      await vi.waitFor(() => expect(running.received.at(-1)?.seq).toBe(later), WAIT);
      expect(stopped.received.map((event) => event.seq)).toEqual([seen]);
    });

    it("replays exactly the events of the rooms in (afterSeq, throughSeq], in order", async () => {
      const inputs = mixedEvents(40, ["a", "b", "c", "global"]);
      const seqs = await publishSeqs(broker, inputs);
      const afterSeq = seqs[4] ?? 0;
      const throughSeq = seqs[31] ?? 0;
      const expected = inputs.filter((input, i) => {
        const seq = seqs[i] ?? 0;
        return seq > afterSeq && seq <= throughSeq && (input.room === "a" || input.room === "c");
      });

      const replayed = await collect(broker.replay({ rooms: ["a", "c"], afterSeq, throughSeq }));
      expect(replayed.map(sent)).toEqual(expected);
      expectIncreasing(replayed.map((event) => event.seq));
      for (const event of replayed) {
        expect(event.seq).toBeGreaterThan(afterSeq);
        expect(event.seq).toBeLessThanOrEqual(throughSeq);
      }
    });

    it("replays nothing for an empty range and caps throughSeq at the head", async () => {
      const seqs = await publishSeqs(broker, mixedEvents(6, ["a"]));
      const last = seqs.at(-1) ?? 0;
      const none = await collect(broker.replay({ rooms: ["a"], afterSeq: last, throughSeq: last }));
      expect(none).toEqual([]);
      const beyond = await collect(
        broker.replay({ rooms: ["a"], afterSeq: seqs[2] ?? 0, throughSeq: last + 1_000 }),
      );
      expect(beyond.map((event) => event.seq)).toEqual(seqs.slice(3));
      const otherRoom = await collect(
        broker.replay({ rooms: ["zz"], afterSeq: 0, throughSeq: last }),
      );
      expect(otherRoom).toEqual([]);
    });

    it("keeps live delivery going while a replay is paused", async () => {
      const seqs = await publishSeqs(broker, mixedEvents(10, ["a"]));
      const { received } = await listen();
      const replay = broker.replay({ rooms: ["a"], afterSeq: 0, throughSeq: seqs.at(-1) ?? 0 });
      const iterator = replay[Symbol.asyncIterator]();
      const first = await iterator.next();
      expect(first.done).toBe(false);

      const [live] = await publishSeqs(broker, [playback("a", "live")]);
      await vi.waitFor(() => expect(received.at(-1)?.seq).toBe(live), WAIT);

      const second = await iterator.next();
      expect(second.value?.seq).toBe(seqs[1]);
      await iterator.return?.();
    });

    it("throws ReplayTruncatedError when the range is no longer retained", async () => {
      const seqs = await publishSeqs(broker, mixedEvents(12, ["a", "b"]));
      await harness.forget(seqs[5] ?? 0);
      const { firstSeq, lastSeq } = await broker.position();
      expect(firstSeq).toBeGreaterThan(seqs[5] ?? 0);

      const afterSeq = seqs[1] ?? 0;
      const truncated = collect(
        broker.replay({ rooms: ["a", "b"], afterSeq, throughSeq: lastSeq }),
      );
      await expect(truncated).rejects.toBeInstanceOf(ReplayTruncatedError);
      await expect(truncated).rejects.toMatchObject({ missingFromSeq: afterSeq + 1 });

      // From the oldest retained event on, the replay works again.
      const retained = await collect(
        broker.replay({ rooms: ["a", "b"], afterSeq: firstSeq - 1, throughSeq: lastSeq }),
      );
      expect(retained[0]?.seq).toBeGreaterThanOrEqual(firstSeq);
    });

    it("history: the newest N events of each room through a seq, every type, ascending", async () => {
      const inputs = mixedEvents(40, ["a", "b", "c", "global"]);
      const seqs = await publishSeqs(broker, inputs);
      const throughSeq = seqs[35] ?? 0;
      const newest = (room: string) =>
        inputs
          .map((input, i) => ({ input, seq: seqs[i] ?? 0 }))
          .filter(({ input, seq }) => input.room === room && seq <= throughSeq)
          .slice(-3);
      const expected = [...newest("a"), ...newest("c")].sort((x, y) => x.seq - y.seq);

      const found = await broker.history({ rooms: ["a", "c", "a"], perRoom: 3, throughSeq });
      expect(found.map((event) => event.seq)).toEqual(expected.map(({ seq }) => seq));
      expect(found.map(sent)).toEqual(expected.map(({ input }) => input));
      expect(new Set(found.map((event) => event.type)).size).toBeGreaterThan(1);
    });

    it("history: none for 0 or an unknown room, every retained event when N exceeds them", async () => {
      const seqs = await publishSeqs(broker, mixedEvents(12, ["a", "b"]));
      const last = seqs.at(-1) ?? 0;
      expect(await broker.history({ rooms: ["a"], perRoom: 0, throughSeq: last })).toEqual([]);
      expect(await broker.history({ rooms: ["zz"], perRoom: 5, throughSeq: last })).toEqual([]);
      const all = await broker.history({ rooms: ["a"], perRoom: 1_000, throughSeq: last + 99 });
      expect(all.map((event) => event.seq)).toEqual(seqs.filter((_, i) => i % 2 === 0));
    });

    it("history: what retention dropped is simply not there (no error)", async () => {
      const seqs = await publishSeqs(broker, mixedEvents(12, ["a", "b"]));
      await harness.forget(seqs[5] ?? 0);
      const { firstSeq, lastSeq } = await broker.position();
      const found = await broker.history({ rooms: ["a", "b"], perRoom: 100, throughSeq: lastSeq });
      expect(found.map((event) => event.seq)).toEqual(seqs.filter((seq) => seq >= firstSeq));
    });

    it("snapshots the newest stats_update and running syncs, in seq order", async () => {
      const { received } = await listen();
      const seqs = await publishSeqs(broker, [
        stats("r", 1),
        sync("r", "s1", "running", 0.1),
        sync("r", "s2", "running", 0.2),
        playback("r", "p"),
        stats("r", 2),
        sync("r", "s2", "completed", 1),
        sync("r", "s1", "running", 0.5),
        sync("r", "s3", "running", 0.3),
        stats("other", 9),
        sync("other", "s4", "running", 0.4),
        // Correlation ids are free text; they need not be subject- or URL-safe.
        sync("r", "job 7.a/*>", "running", 0.7),
      ]);
      // A snapshot holds what the live feed has passed on (the hub's boundary).
      await vi.waitFor(() => expect(received.at(-1)?.seq).toBe(seqs.at(-1)), WAIT);
      const snapshot = await broker.snapshot("r");
      expect(snapshot.map((event) => event.seq)).toEqual([seqs[4], seqs[6], seqs[7], seqs[10]]);
      expect(snapshot.map(sent)).toEqual([
        stats("r", 2),
        sync("r", "s1", "running", 0.5),
        sync("r", "s3", "running", 0.3),
        sync("r", "job 7.a/*>", "running", 0.7),
      ]);
      expect((await broker.snapshot("other")).map(sent)).toEqual([
        stats("other", 9),
        sync("other", "s4", "running", 0.4),
      ]);
      expect(await broker.snapshot("empty")).toEqual([]);
    });

    it("serves the latest values stored before its live feed was opened", async () => {
      const seqs = await publishSeqs(broker, [
        stats("r", 1),
        sync("r", "s1", "running", 0.1),
        sync("r", "s2", "running", 0.2),
        stats("r", 2),
        sync("r", "s2", "error", 0.2),
        playback("r", "p"),
      ]);
      const { received, subscription } = await listen();
      expect(subscription.startSeq).toBeGreaterThanOrEqual(seqs.at(-1) ?? 0);
      expect((await broker.snapshot("r")).map(sent)).toEqual([
        sync("r", "s1", "running", 0.1),
        stats("r", 2),
      ]);
      // Live events after the feed opened update them.
      const [next] = await publishSeqs(broker, [sync("r", "s1", "completed", 1)]);
      await vi.waitFor(() => expect(received.at(-1)?.seq).toBe(next), WAIT);
      expect((await broker.snapshot("r")).map(sent)).toEqual([stats("r", 2)]);
    });

    it("snapshots the newest acknowledgement of each alert, stored before and after the feed opened", async () => {
      // Before the live feed: the NATS engine finds these in the stream (its start-up seed).
      await publishSeqs(broker, [
        acknowledgement("r", 5521, "ana"),
        acknowledgement("r", "alert 9.f/*>", "ana"),
        acknowledgement("other", 5521, "bo"),
        acknowledgement("r", 77, "ana"),
        playback("r", "p"),
      ]);
      const { received } = await listen();
      // After it: a second acknowledgement of 5521 (as text: the same alert) replaces the first.
      const seqs = await publishSeqs(broker, [
        acknowledgement("r", "5521", "bo"),
        ...Array.from({ length: 20 }, (_, i) => stats("r", i)),
      ]);
      await vi.waitFor(() => expect(received.at(-1)?.seq).toBe(seqs.at(-1)), WAIT);
      const snapshot = (await broker.snapshot("r")).map(sent);
      expect(snapshot).toEqual([
        acknowledgement("r", "alert 9.f/*>", "ana"),
        acknowledgement("r", 77, "ana"),
        acknowledgement("r", "5521", "bo"),
        stats("r", 19),
      ]);
      expect((await broker.snapshot("other")).map(sent)).toEqual([
        acknowledgement("other", 5521, "bo"),
      ]);
    });

    it("passes producers' extra fields through untouched", async () => {
      const extras = { custom: { nested: [1, "two", null] }, flag: true, platform: "tv" };
      const inputs = [playback("x", "1", extras), stats("x", 3, { server_id: "s-1", extras })];
      const { received } = await listen();
      const seqs = await publishSeqs(broker, inputs);
      await vi.waitFor(() => expect(received.at(-1)?.seq).toBe(seqs.at(-1)), WAIT);
      expect(received.map(sent)).toEqual(inputs);
      const replayed = await collect(
        broker.replay({ rooms: ["x"], afterSeq: 0, throughSeq: seqs.at(-1) ?? 0 }),
      );
      expect(replayed.map(sent)).toEqual(inputs);
      expect((await broker.snapshot("x")).map(sent)).toEqual([inputs[1]]);
    });

    it("delivers ephemeral messages to every ephemeral subscriber, in order, unstored", async () => {
      const { received } = await listen();
      const first: EphemeralMessage[] = [];
      const second: EphemeralMessage[] = [];
      const stopFirst = broker.subscribeEphemeral((message) => first.push(message));
      const stopSecond = broker.subscribeEphemeral((message) => second.push(message));
      const before = await broker.position();
      const sentMessages = Array.from({ length: 20 }, (_, i) => ({
        channel: i % 2 === 0 ? "room.dashboard:42" : "presence.hub-1",
        data: { n: i, nested: { list: [1, "two", null] } },
      }));
      for (const message of sentMessages) broker.publishEphemeral(message);
      await vi.waitFor(() => expect(second).toHaveLength(sentMessages.length), WAIT);
      await vi.waitFor(() => expect(first).toHaveLength(sentMessages.length), WAIT);
      expect(first).toEqual(sentMessages);
      expect(second).toEqual(sentMessages);

      // Never stored, never sequenced, never on the live feed.
      expect(await broker.position()).toEqual(before);
      const [marker] = await publishSeqs(broker, [playback("dashboard:42", "marker")]);
      await vi.waitFor(() => expect(received.at(-1)?.seq).toBe(marker), WAIT);
      expect(received).toHaveLength(1);
      const replayed = await collect(
        broker.replay({ rooms: ["dashboard:42"], afterSeq: 0, throughSeq: marker ?? 0 }),
      );
      expect(replayed.map((event) => event.seq)).toEqual([marker]);

      // An unsubscribed listener hears nothing more; the other still does.
      stopFirst();
      broker.publishEphemeral({ channel: "room.x", data: "after" });
      await vi.waitFor(() => expect(second.at(-1)).toEqual({ channel: "room.x", data: "after" }));
      expect(first).toHaveLength(sentMessages.length);
      stopSecond();
    });

    it("refuses ephemeral channels that are not subject-safe", () => {
      for (const channel of ["", "a..b", "room.a b", "room.*", "room.>", ".x", "x."]) {
        expect(() => broker.publishEphemeral({ channel, data: null })).toThrow(RangeError);
      }
    });

    it("closes idempotently and stops being ready", async () => {
      await listen();
      await broker.close();
      await broker.close();
      expect(broker.ready).toBe(false);
      await expect(broker.publish([playback("a", "late")])).rejects.toThrow();
      expect(() => broker.publishEphemeral({ channel: "room.a", data: 1 })).toThrow();
    });
  });
}
