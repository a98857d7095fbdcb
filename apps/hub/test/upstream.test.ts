import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { upstreamNatsPlaybacks } from "@pulseboard/protocol/fixtures";
import {
  type HubProcess,
  type NatsServerHandle,
  spawnHub,
  startNatsServer,
} from "@pulseboard/testkit";
import { afterEach, describe, expect, it } from "vitest";
import { ResumingReader } from "./support/resuming-reader.js";
import {
  createUpstreamStream,
  mediaEvents,
  publishUpstream,
  UPSTREAM_STREAM,
} from "./support/upstream.js";
import { TestClient } from "./support/ws-client.js";

/**
 * Pulseboard beside a real media-analytics backend: its stream MEDIA_EVENTS exists exactly as
 * Cartographus creates it, its MediaEvents arrive as it publishes them (headers, Go bodies),
 * and hubs are started with nothing but NATS_URL.
 */

const PUBLISH_TOKEN = "upstream-test-token";

async function until(check: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The frame a client must receive for a body: the producer's bytes between data and room. */
function framePrefix(body: string): string {
  return `{"type":"playback","data":${body},"room":"global","seq":`;
}

describe("beside a backend's own JetStream stream", { timeout: 180_000 }, () => {
  const hubs: HubProcess[] = [];
  const readers: ResumingReader[] = [];
  const clients: TestClient[] = [];
  let nats: NatsServerHandle | undefined;
  let nc: NatsConnection | undefined;

  afterEach(async () => {
    for (const reader of readers.splice(0)) reader.stop();
    for (const client of clients.splice(0)) client.close();
    for (const hub of hubs.splice(0)) {
      hub.kill("SIGKILL");
      await hub.exited;
    }
    await nc?.close();
    nc = undefined;
    await nats?.stop();
    nats = undefined;
  });

  async function startBackend() {
    nats = await startNatsServer();
    nc = await connect({ servers: nats.url });
    const jsm = await jetstreamManager(nc);
    const config = await createUpstreamStream(jsm);
    return { jsm, js: jetstream(nc), config };
  }

  async function startHub(url: string) {
    const hub = await spawnHub({ NATS_URL: url, HUB_PUBLISH_TOKEN: PUBLISH_TOKEN });
    hubs.push(hub);
    return hub;
  }

  it("delivers the backend's MediaEvents byte for byte on every hub, once, and never touches its stream", async () => {
    const { jsm, js, config: before } = await startBackend();
    const a = await startHub(nats?.url ?? "");
    const b = await startHub(nats?.url ?? "");
    const readersOf = [await TestClient.ready(a.wsUrl), await TestClient.ready(b.wsUrl)];
    clients.push(...readersOf);

    for (const fixture of upstreamNatsPlaybacks) await publishUpstream(js, fixture);
    // The backend retries a publish (same Nats-Msg-Id): stored once, delivered once.
    const first = upstreamNatsPlaybacks[0];
    if (first === undefined) throw new Error("no fixtures");
    expect((await publishUpstream(js, first)).duplicate).toBe(true);
    const count = upstreamNatsPlaybacks.length;
    for (const client of readersOf) await client.waitForEvents(count, 60_000);

    // Pulseboard's own publish API shares the seq space; a retried request is stored once.
    const stats =
      '{"timestamp":"2026-11-30T21:14:03Z","total_count":48213,"last_playback":"2026-11-30T21:12:47Z"}';
    const request = {
      method: "POST",
      headers: { authorization: `Bearer ${PUBLISH_TOKEN}`, "idempotency-key": "stats-1" },
      body: `{"room":"global","type":"stats_update","data":${stats}}`,
    };
    const published = (await (await fetch(`${a.url}/api/v1/publish`, request)).json()) as {
      seqs: number[];
      duplicates: number[];
    };
    const retried = (await (await fetch(`${b.url}/api/v1/publish`, request)).json()) as {
      seqs: number[];
      duplicates: number[];
    };
    expect(retried).toEqual({ seqs: published.seqs, duplicates: [0] });

    for (const client of readersOf) {
      const events = await client.waitForEvents(count + 1, 30_000);
      const seqs = events.map((event) => event.seq);
      expect(new Set(seqs).size).toBe(seqs.length);
      expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
      expect(seqs.at(-1)).toBe(published.seqs[0]);
      const frames = client.raw.filter((frame) => frame.startsWith('{"type":"playback"'));
      expect(frames).toHaveLength(count);
      for (const [index, fixture] of upstreamNatsPlaybacks.entries()) {
        expect(frames[index]?.startsWith(framePrefix(fixture.body))).toBe(true);
      }
      const statsFrame = client.raw.find((frame) => frame.startsWith('{"type":"stats_update"'));
      expect(statsFrame?.startsWith(`{"type":"stats_update","data":${stats},"room":"global"`)).toBe(
        true,
      );
    }

    // The backend's stream is exactly as it made it, holding exactly what it published.
    const after = await jsm.streams.info(UPSTREAM_STREAM);
    expect(after.config).toEqual(before);
    expect(after.state.messages).toBe(count);
    const pulse = await jsm.streams.info("PULSE");
    expect(pulse.config.subjects).toEqual(["pulse.>"]);
    expect(pulse.config.sources?.map((s) => [s.name, s.filter_subject])).toEqual([
      [UPSTREAM_STREAM, "playback.>"],
    ]);
  });

  it("resumes readers of a hub killed with SIGKILL on another hub: every MediaEvent once, in order", async () => {
    const { jsm, js } = await startBackend();
    const a = await startHub(nats?.url ?? "");
    const b = await startHub(nats?.url ?? "");
    for (const url of [a.wsUrl, b.wsUrl]) {
      for (let i = 0; i < 2; i++) {
        const reader = new ResumingReader([url, a.wsUrl === url ? b.wsUrl : a.wsUrl], ["global"]);
        reader.start();
        readers.push(reader);
      }
    }
    await until(() => readers.every((r) => r.catchUps > 0), "readers to subscribe");
    const template = upstreamNatsPlaybacks[0];
    if (template === undefined) throw new Error("no fixtures");
    const events = mediaEvents(template, 300);
    for (const [n, event] of events.entries()) {
      if (n === 150) {
        a.kill("SIGKILL");
        await a.exited;
      }
      await publishUpstream(js, event);
    }
    // Every MediaEvent became one PULSE event; its seqs are what every reader must hold.
    await until(() => readers.every((r) => r.seqs.length >= events.length), "readers to catch up");
    const pulse = await jsm.streams.info("PULSE");
    expect(pulse.state.messages).toBe(events.length);
    const expected = Array.from({ length: events.length }, (_, i) => pulse.state.first_seq + i);
    for (const reader of readers) {
      expect(reader.seqs).toEqual(expected);
      expect(reader.resets).toBe(0);
    }
    expect(readers.filter((r) => r.connections > 1).length).toBeGreaterThanOrEqual(2);
  });

  it("does not start, and says why, when the layout cannot work", async () => {
    const { jsm } = await startBackend();
    await jsm.streams.add({ name: "SQUATTER", subjects: ["pulse.>"] });
    const refused = spawnHub({ NATS_URL: nats?.url ?? "" });
    await expect(refused).rejects.toThrow(/exited \(1\)/);
    await expect(refused).rejects.toThrow(/stream SQUATTER already captures pulse\.>/);
    const none = spawnHub({ NATS_URL: nats?.url ?? "", HUB_NATS_UPSTREAM_STREAM: "none" });
    await expect(none).rejects.toThrow(/exited \(1\)/);
  });
});
