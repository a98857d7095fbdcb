import { type JetStreamManager, jetstream, jetstreamManager } from "@nats-io/jetstream";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { upstreamNatsPlaybacks } from "@pulseboard/protocol/fixtures";
import { type NatsServerHandle, startNatsServer } from "@pulseboard/testkit";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { BrokerEvent } from "../../../src/broker/broker.js";
import { StreamLayoutError } from "../../../src/broker/nats/layout.js";
import { NatsBroker, type NatsBrokerOptions } from "../../../src/broker/nats/nats-broker.js";
import { recordingLogger } from "../../support/recording-logger.js";
import { createUpstreamStream, publishUpstream, UPSTREAM_STREAM } from "../../support/upstream.js";

/**
 * Where the hub's stream gets raw playbacks from, decided at start: captured itself when no
 * other stream holds the subject, sourced from the backend's stream when one does, and a
 * startup error naming the conflict when neither can work.
 */
describe("stream layout beside other streams", { timeout: 60_000 }, () => {
  let server: NatsServerHandle;
  let nc: NatsConnection;
  let jsm: JetStreamManager;
  const brokers: NatsBroker[] = [];

  beforeAll(async () => {
    server = await startNatsServer();
    nc = await connect({ servers: server.url });
    jsm = await jetstreamManager(nc);
  });

  afterAll(async () => {
    await nc.close();
    await server.stop();
  });

  afterEach(async () => {
    await Promise.all(brokers.splice(0).map((broker) => broker.close()));
    for await (const name of jsm.streams.names()) await jsm.streams.delete(name);
  });

  async function started(options: Partial<NatsBrokerOptions> = {}) {
    const broker = new NatsBroker({
      servers: server.url,
      defaultRoom: "global",
      logger: recordingLogger(),
      ...options,
    });
    brokers.push(broker);
    await broker.start();
    const received: BrokerEvent[] = [];
    await broker.subscribe((event) => received.push(event));
    return { broker, received };
  }

  const fixture = upstreamNatsPlaybacks[1] ?? upstreamNatsPlaybacks[0];
  if (fixture === undefined) throw new Error("no fixtures");

  it("captures playback.> itself when no other stream holds it (standalone)", async () => {
    const { broker, received } = await started();
    expect(broker.playbackOrigin).toEqual({ kind: "captured" });
    expect((await jsm.streams.info("PULSE")).config.subjects).toEqual(["pulse.>", "playback.>"]);
    await jetstream(nc).publish(fixture.subject, fixture.body);
    await vi.waitFor(() => expect(received).toHaveLength(1));
    expect(received[0]?.dataJson).toBe(fixture.body);
  });

  it("sources playback.> from the backend's stream when it holds it, without configuration", async () => {
    const before = await createUpstreamStream(jsm);
    const { broker, received } = await started();
    expect(broker.playbackOrigin).toEqual({
      kind: "sourced",
      stream: UPSTREAM_STREAM,
      exists: true,
    });
    await publishUpstream(jetstream(nc), fixture);
    await vi.waitFor(() => expect(received).toHaveLength(1));
    expect(received[0]).toMatchObject({ type: "playback", room: "global", dataJson: fixture.body });
    expect((await jsm.streams.info(UPSTREAM_STREAM)).config).toEqual(before);
  });

  it("refuses to start with HUB_NATS_UPSTREAM_STREAM=none while the backend holds the subject", async () => {
    await createUpstreamStream(jsm);
    const broker = new NatsBroker({
      servers: server.url,
      defaultRoom: "global",
      logger: recordingLogger(),
      upstream: { kind: "none" },
    });
    const failure = broker.start();
    await expect(failure).rejects.toThrow(StreamLayoutError);
    await expect(failure).rejects.toThrow(/MEDIA_EVENTS already captures playback\.>/);
    await broker.close();
  });

  it("refuses to start when another stream captures pulse.>, naming it", async () => {
    await jsm.streams.add({ name: "SQUATTER", subjects: ["pulse.global.>"] });
    const broker = new NatsBroker({
      servers: server.url,
      defaultRoom: "global",
      logger: recordingLogger(),
    });
    await expect(broker.start()).rejects.toThrow(/SQUATTER already captures pulse\.>/);
    await broker.close();
  });

  it("with the backend's stream named, starts before it exists, frees playback.> and reads it once created", async () => {
    // A hub that ran standalone first holds playback.>: the backend could not create its stream.
    const first = await started();
    expect(first.broker.playbackOrigin?.kind).toBe("captured");
    await first.broker.close();
    await expect(createUpstreamStream(jsm)).rejects.toThrow();

    const { broker, received } = await started({
      upstream: { kind: "named", stream: UPSTREAM_STREAM },
    });
    expect(broker.playbackOrigin).toEqual({
      kind: "sourced",
      stream: UPSTREAM_STREAM,
      exists: false,
    });
    expect((await jsm.streams.info("PULSE")).config.subjects).toEqual(["pulse.>"]);
    await createUpstreamStream(jsm);
    await publishUpstream(jetstream(nc), fixture);
    await vi.waitFor(() => expect(received).toHaveLength(1), { timeout: 20_000 });
    expect(received[0]?.dataJson).toBe(fixture.body);
  });

  it("keeps a source's start position across restarts (no re-copy, no skipped events)", async () => {
    await createUpstreamStream(jsm);
    const first = await started();
    const source = (await jsm.streams.info("PULSE")).config.sources?.[0];
    await first.broker.close();
    await new Promise((resolve) => setTimeout(resolve, 20));
    await started();
    expect((await jsm.streams.info("PULSE")).config.sources).toEqual([source]);
  });

  it("maps another subject filter to playbacks (HUB_NATS_PLAYBACK_SUBJECT)", async () => {
    const { received } = await started({ playbackSubject: "media.*.playback" });
    const js = jetstream(nc);
    await js.publish("media.plex.playback", fixture.body);
    await js.publish("pulse.global.playback", '{"id":"own"}');
    await vi.waitFor(() => expect(received).toHaveLength(2));
    expect(received.map((event) => event.room)).toEqual(["global", "global"]);
    expect(received[0]?.dataJson).toBe(fixture.body);
  });
});
