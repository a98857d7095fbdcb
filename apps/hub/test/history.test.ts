import { randomUUID } from "node:crypto";
import { type NatsServerHandle, startNatsServer } from "@pulseboard/testkit";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { playback, playbacks, stats, syncProgress } from "./support/events.js";
import { startTestHub, type TestHub } from "./support/hub.js";
import { TestClient } from "./support/ws-client.js";

/**
 * History on open (protocol 1.1): `history=N` on connect and in `subscribe` starts rooms opened
 * without `since` with their newest N events ∪ their snapshot, in seq order, then `subscribed`,
 * then live. Run on both engines; the NATS runs use a real nats-server.
 */
let nats: NatsServerHandle;
beforeAll(async () => {
  nats = await startNatsServer();
});
afterAll(async () => {
  await nats?.stop();
});

const engines: [string, () => Record<string, string>][] = [
  ["memory", () => ({})],
  ["nats", () => ({ NATS_URL: nats.url, HUB_DEMO: "0" })],
  // Recent events off: every history is read from the stream, backwards in windows.
  ["nats, read from the stream", () => ({ NATS_URL: nats.url, HUB_RECENT_EVENTS: "0" })],
  // Fewer recent events than a history asks for: a stream read, joined to the recent tail.
  ["nats, few recent events", () => ({ NATS_URL: nats.url, HUB_RECENT_EVENTS: "5" })],
];

describe.each(engines)("history on open, %s engine", { timeout: 60_000 }, (_name, env) => {
  const hubs: TestHub[] = [];
  const clients: TestClient[] = [];
  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    for (const hub of hubs.splice(0)) await hub.close();
  });
  async function hub(extra: Record<string, string> = {}): Promise<TestHub> {
    const started = await startTestHub({ ...env(), ...extra });
    hubs.push(started);
    return started;
  }
  async function open(target: TestHub, query: string): Promise<TestClient> {
    const client = await TestClient.ready(`${target.wsUrl}?${query}`);
    clients.push(client);
    return client;
  }
  /** Until the hub's live feed delivered `seq`: a later boundary includes it. */
  async function fedThrough(target: TestHub, seq: number): Promise<void> {
    while (target.app.hub.seq < seq) await new Promise((resolve) => setTimeout(resolve, 10));
  }
  const room = () => `h-${randomUUID().slice(0, 8)}`;
  const seqsOf = (client: TestClient) => client.events().map((event) => event.seq);

  it("sends the newest N in seq order; none for 0; all retained for more; clamped to the limit", async () => {
    const target = await hub({ HUB_HISTORY_LIMIT: "4" });
    const r = room();
    const seqs = await target.publish([...playbacks(r, 10), playback("other", 1)]);
    await fedThrough(target, seqs.at(-1) ?? 0);
    expect(seqsOf(await open(target, `rooms=${r}&history=3`))).toEqual(seqs.slice(7, 10));
    expect(seqsOf(await open(target, `rooms=${r}&history=0`))).toEqual([]);
    // 100 > the limit (4): clamped, not refused.
    const clamped = await open(target, `rooms=${r}&history=100`);
    expect(seqsOf(clamped)).toEqual(seqs.slice(6, 10));
    expect(clamped.ofType("error")).toEqual([]);

    const sparse = room();
    const few = await target.publish(playbacks(sparse, 2));
    await fedThrough(target, few.at(-1) ?? 0);
    expect(seqsOf(await open(target, `rooms=${sparse}&history=4`))).toEqual(few);
  });

  it("takes history in subscribe too, ignores it with since, and reports a bad query value", async () => {
    const target = await hub();
    const [a, b] = [room(), room()];
    const seqs = await target.publish([...playbacks(a, 4), ...playbacks(b, 4)]);
    await fedThrough(target, seqs.at(-1) ?? 0);
    const client = await open(target, `rooms=${a}&history=oops`);
    expect(client.ofType("error").map((e) => e.data.code)).toEqual(["bad_message"]);
    expect(seqsOf(client)).toEqual([]);
    client.send({ type: "subscribe", id: "s1", data: { rooms: [b], history: 2 } });
    await client.waitFor((m) => m.type === "subscribed" && m.ref === "s1");
    expect(seqsOf(client)).toEqual(seqs.slice(6, 8));

    const epoch = target.app.broker.epoch;
    const resumed = await open(target, `rooms=${a}&since=${seqs[1]}&epoch=${epoch}&history=1`);
    expect(seqsOf(resumed)).toEqual(seqs.slice(2, 4));
  });

  it("is the union with the snapshot: older latest values stay, no seq twice", async () => {
    const target = await hub();
    const [a, b] = [room(), room()];
    const inA = await target.publish([
      stats(a, 1),
      syncProgress(a, "job", "running", 0.5),
      ...playbacks(a, 5),
    ]);
    const inB = await target.publish([...playbacks(b, 3), stats(b, 2), playback(b, 9)]);
    await fedThrough(target, inB.at(-1) ?? 0);
    const client = await open(target, `rooms=${a},${b}&history=3`);
    // a: the stats_update and running sync older than its newest 3 are still there.
    // b: its stats_update is both among the newest 3 and the snapshot: sent once.
    const expected = [inA[0], inA[1], ...inA.slice(4), ...inB.slice(2)];
    expect(seqsOf(client)).toEqual(expected);
    expect(client.events(a).map((e) => e.type)).toEqual([
      "stats_update",
      "sync_progress",
      "playback",
      "playback",
      "playback",
    ]);
  });

  it("then live events with no gap and no duplicate while events are being published", async () => {
    const target = await hub();
    const r = room();
    const published: number[] = [];
    const publishing = (async () => {
      for (let batch = 0; batch < 30; batch++) {
        published.push(...(await target.publish(playbacks(r, 10, batch * 10))));
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    })();
    const opened: TestClient[] = [];
    for (let i = 0; i < 6; i++) {
      opened.push(await open(target, `rooms=${r}&history=20`));
      await new Promise((resolve) => setTimeout(resolve, 15));
    }
    await publishing;
    const last = published.at(-1) ?? 0;
    for (const client of opened) {
      await client.until(() => (client.events().at(-1)?.seq === last ? true : undefined));
      const subscribed = client.ofType("subscribed")[0];
      const boundary = subscribed?.data.seq ?? 0;
      const expected = [
        ...published.filter((seq) => seq <= boundary).slice(-20),
        ...published.filter((seq) => seq > boundary),
      ];
      expect(seqsOf(client)).toEqual(expected);
    }
  });
});

describe("history across hubs sharing NATS", { timeout: 60_000 }, () => {
  const hubs: TestHub[] = [];
  const clients: TestClient[] = [];
  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    for (const hub of hubs.splice(0)) await hub.close();
  });

  it("a second hub (started later, or reading the stream) sends the same history", async () => {
    const first = await startTestHub({ NATS_URL: nats.url });
    hubs.push(first);
    const r = `x-${randomUUID().slice(0, 8)}`;
    const seqs = await first.publish([stats(r, 3), ...playbacks(r, 12)]);
    const second = await startTestHub({ NATS_URL: nats.url });
    const third = await startTestHub({ NATS_URL: nats.url, HUB_RECENT_EVENTS: "0" });
    hubs.push(second, third);
    const answers: number[][] = [];
    for (const target of hubs) {
      while (target.app.hub.seq < (seqs.at(-1) ?? 0)) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      const client = await TestClient.ready(`${target.wsUrl}?rooms=${r}&history=4`);
      clients.push(client);
      answers.push(client.events().map((event) => event.seq));
    }
    expect(answers[0]).toEqual([seqs[0], ...seqs.slice(-4)]);
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[2]).toEqual(answers[0]);
  });
});
