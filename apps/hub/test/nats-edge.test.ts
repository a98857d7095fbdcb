import { jetstream } from "@nats-io/jetstream";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { MAX_EVENT_DATA_DEPTH } from "@pulseboard/protocol";
import { type NatsServerHandle, startNatsServer } from "@pulseboard/testkit";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startTestHub, type TestHub } from "../src/testing.js";
import { TestClient } from "./support/ws-client.js";

/**
 * The validation edge as clients see it: events a producer stored straight in JetStream that
 * are not valid never reach a socket (live, replay or snapshot), the next valid one does, and
 * no client is closed because of them.
 */

const deep = (levels: number) => `${'{"x":'.repeat(levels)}1${"}".repeat(levels)}`;

const INVALID: [string, string, Uint8Array | string][] = [
  ["not JSON", "pulse.global.playback", "{nope"],
  ["invalid UTF-8", "pulse.global.playback", new Uint8Array([0x7b, 0x22, 0xff, 0x22, 0x7d])],
  ["data without an id", "pulse.global.playback", '{"title":"no id"}'],
  ["a title of the wrong type", "pulse.global.playback", '{"id":"x","title":7}'],
  [
    "nesting past the limit",
    "pulse.global.playback",
    `{"id":"d","x":${deep(MAX_EVENT_DATA_DEPTH + 1)}}`,
  ],
  [
    "nesting that would overflow an encoder",
    "pulse.global.detection_alert",
    `{"id":1,"metadata":${deep(20_000)}}`,
  ],
  ["an unknown type", "pulse.global.nope", '{"id":"x"}'],
  ["an envelope of another type", "pulse.global.playback", '{"type":"stats_update","data":{}}'],
  [
    "an envelope of another room",
    "pulse.global.playback",
    '{"type":"playback","room":"other","data":{"id":"x"}}',
  ],
  ["a raw playback that is an array", "playback.plex.movie", '[{"event_id":"x"}]'],
];

describe("invalid events stored in JetStream", { timeout: 60_000 }, () => {
  let nats: NatsServerHandle;
  let nc: NatsConnection;
  let hub: TestHub;
  const clients: TestClient[] = [];

  beforeAll(async () => {
    nats = await startNatsServer();
    nc = await connect({ servers: nats.url });
    hub = await startTestHub({ NATS_URL: nats.url });
  });

  afterEach(() => {
    for (const client of clients.splice(0)) client.close();
  });

  afterAll(async () => {
    await hub.close();
    await nc.close();
    await nats.stop();
  });

  async function client(query = "") {
    const connected = await TestClient.ready(`${hub.wsUrl}${query}`);
    clients.push(connected);
    return connected;
  }

  it("are never delivered live or on resume; the valid ones around them are, in order", async () => {
    const live = await client();
    const js = jetstream(nc);
    const before = (await js.publish("pulse.global.playback", '{"id":"before"}')).seq;
    await live.waitForEvents(1);
    const invalidBefore = hub.app.hub.stats.invalidEvents;
    for (const [, subject, body] of INVALID) await js.publish(subject, body);
    const after = (await js.publish("pulse.global.playback", '{"id":"after"}')).seq;

    await live.until(() => (live.events().at(-1)?.seq === after ? true : undefined));
    expect(live.events().map((event) => event.seq)).toEqual([before, after]);
    expect(hub.app.hub.stats.invalidEvents - invalidBefore).toBe(INVALID.length);

    // A client resuming from before them replays past them the same way.
    const resumed = await client(`?since=${before}`);
    await resumed.until(() => (resumed.events().at(-1)?.seq === after ? true : undefined));
    expect(resumed.events().map((event) => event.seq)).toEqual([after]);
    expect(resumed.ofType("error")).toEqual([]);
  });

  it("leave a snapshot without the invalid latest value, and the subscription works", async () => {
    const js = jetstream(nc);
    await js.publish("pulse.snap.stats_update", '{"total_count":1}');
    // The newest stats of the room is unusable (too deep to encode safely).
    await js.publish("pulse.snap.stats_update", `{"total_count":2,"x":${deep(20_000)}}`);
    const { seq } = await js.publish(
      "pulse.snap.sync_progress.job",
      '{"correlation_id":"job","status":"running"}',
    );
    // Snapshots come from the values the hub's live feed kept: the newest VALID stats.
    await expect.poll(() => hub.app.hub.seq, { timeout: 10_000 }).toBeGreaterThanOrEqual(seq);
    const fresh = await client("?rooms=snap");
    const snapshot = fresh.events("snap");
    expect(snapshot.map((event) => [event.type, event.data])).toEqual([
      ["stats_update", { total_count: 1 }],
      ["sync_progress", { correlation_id: "job", status: "running" }],
    ]);
    const next = (await js.publish("pulse.snap.stats_update", '{"total_count":3}')).seq;
    await fresh.until(() => (fresh.events().at(-1)?.seq === next ? true : undefined));
    expect(fresh.ofType("error")).toEqual([]);
  });
});
