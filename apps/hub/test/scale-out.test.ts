import { jetstreamManager } from "@nats-io/jetstream";
import { connect } from "@nats-io/transport-node";
import {
  type HubProcess,
  type NatsClusterHandle,
  type NatsServerHandle,
  spawnHub,
  startNatsCluster,
  startNatsServer,
} from "@pulseboard/testkit";
import { afterEach, describe, expect, it } from "vitest";
import { connectProducer, type NatsProducer } from "./support/nats-producer.js";
import { ResumingReader } from "./support/resuming-reader.js";
import { TestClient } from "./support/ws-client.js";

/**
 * Hubs as real processes on real nats-server instances: what only several processes and a
 * broker that can die can show. Events are counted end to end, by stream sequence.
 */

const playback = (n: number) => ({
  id: `scale-${n}`,
  username: `user${n % 11}`,
  title: `Title ${n}`,
  media_type: "episode",
});

async function until(check: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Publishes `count` playbacks one after another, calling `midway` after half of them. */
async function publishSeries(
  producer: NatsProducer,
  count: number,
  midway: () => Promise<void> = async () => {},
): Promise<number[]> {
  const seqs: number[] = [];
  for (let n = 0; n < count; n++) {
    if (n === Math.floor(count / 2)) await midway();
    seqs.push(await producer.publish("pulse.global.playback", playback(n)));
    if (n % 20 === 0) await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return seqs;
}

describe("scale-out over NATS JetStream", () => {
  const hubs: HubProcess[] = [];
  const readers: ResumingReader[] = [];
  let nats: NatsServerHandle | undefined;
  let cluster: NatsClusterHandle | undefined;
  let producer: NatsProducer | undefined;

  afterEach(async () => {
    for (const reader of readers.splice(0)) reader.stop();
    for (const hub of hubs.splice(0)) {
      hub.kill("SIGKILL");
      await hub.exited;
    }
    await producer?.close().catch(() => {});
    producer = undefined;
    await nats?.stop();
    nats = undefined;
    await cluster?.stop();
    cluster = undefined;
  });

  const startHubs = async (count: number, natsUrl: string, env: Record<string, string> = {}) => {
    const started = await Promise.all(
      Array.from({ length: count }, () =>
        spawnHub({ NATS_URL: natsUrl, HUB_LOG_LEVEL: "warn", ...env }),
      ),
    );
    hubs.push(...started);
    return started;
  };

  const startReaders = async (urls: string[], perHub: number) => {
    for (let i = 0; i < urls.length * perHub; i++) {
      const reader = new ResumingReader(urls, ["global"], i % urls.length);
      reader.start();
      readers.push(reader);
    }
    // After the initial catch-up's `subscribed`, nothing published can be missed.
    await until(() => readers.every((r) => r.catchUps > 0), "readers to subscribe");
  };

  it("delivers every event published to NATS to a client on each of 3 hubs, in seq order", async () => {
    nats = await startNatsServer();
    const three = await startHubs(3, nats.url);
    const clients = await Promise.all(three.map((hub) => TestClient.ready(hub.wsUrl)));
    producer = await connectProducer(nats.url);
    const seqs = await publishSeries(producer, 300);
    for (const client of clients) {
      const events = await client.waitForEvents(300, 60_000);
      expect(events.map((e) => e.seq)).toEqual(seqs);
      client.close();
    }
  });

  it("turns raw playback events on playback.<anything> into playback in the default room", async () => {
    nats = await startNatsServer();
    const [hub] = await startHubs(1, nats.url);
    const client = await TestClient.ready(hub?.wsUrl ?? "");
    producer = await connectProducer(nats.url);
    const raw = { event_id: "legacy-1", username: "ana", title: "Dune", media_type: "movie" };
    const seq = await producer.publish("playback.plex.server-7", raw);
    const [event] = await client.waitForEvents(1, 30_000);
    expect(event).toMatchObject({ type: "playback", room: "global", seq, data: raw });
    client.close();
  });

  it("moves clients of a hub killed with SIGKILL to another hub without loss or duplicates", async () => {
    nats = await startNatsServer();
    const three = await startHubs(3, nats.url);
    await startReaders(
      three.map((hub) => hub.wsUrl),
      2,
    );
    producer = await connectProducer(nats.url);
    const victim = three[0];
    const seqs = await publishSeries(producer, 1000, async () => {
      victim?.kill("SIGKILL");
      await victim?.exited;
    });
    const last = seqs.at(-1) ?? 0;
    await until(() => readers.every((r) => r.last >= last), "every reader to catch up");
    for (const reader of readers) {
      expect(reader.seqs).toEqual(seqs);
      expect(reader.resets).toBe(0);
    }
    // The victim's readers really did move.
    expect(readers.filter((r) => r.connections > 1).length).toBeGreaterThanOrEqual(2);
  });

  it("loses nothing when nats-server restarts (same store) under running hubs", async () => {
    nats = await startNatsServer();
    const two = await startHubs(2, nats.url);
    await startReaders(
      two.map((hub) => hub.wsUrl),
      2,
    );
    producer = await connectProducer(nats.url);
    const server = nats;
    const seqs = await publishSeries(producer, 400, () => server.restart());
    const last = seqs.at(-1) ?? 0;
    await until(() => readers.every((r) => r.last >= last), "every reader to catch up");
    for (const reader of readers) {
      expect(reader.seqs).toEqual(seqs);
    }
    for (const hub of two) expect((await fetch(`${hub.url}/readyz`)).status).toBe(200);
  });

  it("keeps delivering when one node of a 3-node cluster stops (stream replicated 3 ways)", async () => {
    cluster = await startNatsCluster(3);
    const urls = cluster.urls.join(",");
    producer = await connectProducer(cluster.urls);
    // JetStream needs a meta leader before the hubs can create the stream; retry until then.
    const two = await startHubsWhenClusterReady(urls);
    await startReaders(
      two.map((hub) => hub.wsUrl),
      2,
    );
    // Stop the server hosting a hub's live consumer: the hardest case for the feed to survive.
    const node = cluster.nodes[await consumerHostIndex(cluster.urls)];
    const seqs = await publishSeries(producer, 400, () => node?.halt() ?? Promise.resolve());
    const last = seqs.at(-1) ?? 0;
    await until(() => readers.every((r) => r.last >= last), "every reader to catch up");
    for (const reader of readers) {
      expect(reader.resetReasons).toEqual([]);
      expect(reader.seqs).toEqual(seqs);
    }
  }, 180_000);

  it("sends clients to reset when the stream is recreated under a running hub", async () => {
    nats = await startNatsServer();
    const [hub] = await startHubs(1, nats.url);
    await startReaders([hub?.wsUrl ?? ""], 1);
    const reader = readers[0];
    producer = await connectProducer(nats.url);
    const before = await publishSeries(producer, 5);
    await until(() => (reader?.last ?? 0) >= (before.at(-1) ?? 0), "the first events");

    const admin = await connect({ servers: nats.url });
    const jsm = await jetstreamManager(admin);
    const config = (await jsm.streams.info("PULSE")).config;
    await jsm.streams.delete("PULSE");
    await jsm.streams.add({
      name: config.name,
      subjects: config.subjects,
      storage: config.storage,
    });
    await admin.close();

    await until(() => (reader?.resets ?? 0) > 0, "a reset after the epoch changed");
    const after = await publishSeries(producer, 3);
    expect(after).toEqual([1, 2, 3]);
    await until(() => reader?.seqs.slice(-3).join() === "1,2,3", "events of the new stream");
    expect(reader?.seqs).toEqual([...before, ...after]);
  });

  /** Index of the cluster node (named `<cluster>-<i>`) hosting the first consumer of PULSE. */
  async function consumerHostIndex(urls: string[]): Promise<number> {
    const admin = await connect({ servers: urls });
    try {
      const jsm = await jetstreamManager(admin);
      const consumers = await jsm.consumers.list("PULSE").next();
      const leader = consumers[0]?.cluster?.leader ?? "";
      return Number(/-(\d+)$/.exec(leader)?.[1] ?? 0);
    } finally {
      await admin.close();
    }
  }

  async function startHubsWhenClusterReady(urls: string): Promise<HubProcess[]> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await startHubs(2, urls, { HUB_NATS_REPLICAS: "3" });
      } catch (error) {
        if (attempt >= 30) throw error;
        await new Promise((resolve) => setTimeout(resolve, 1_000));
      }
    }
  }
});
