import { connect, type NatsConnection, type Subscription } from "@nats-io/transport-node";
import { type NatsServerHandle, startNatsServer } from "@pulseboard/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestHub, type TestHub } from "../src/testing.js";
import { playback, stats } from "./support/broker-events.js";
import { TestClient } from "./support/ws-client.js";

/**
 * Catch-up reads (the latest-value seed, replays) use a NATS connection of their own, so a
 * slow-consumer condition on their bulk traffic cannot stall the live feed's connection. Each
 * JetStream consumer-creation request carries its connection's reply inbox: the live feed's
 * differs from the seed's and the replay's, which share one.
 */
describe("catch-up on its own NATS connection", { timeout: 60_000 }, () => {
  let nats: NatsServerHandle;
  let admin: NatsConnection;
  let consumerApi: Subscription;
  let hub: TestHub;
  const creates: { reply: string; config: Record<string, unknown> }[] = [];

  beforeAll(async () => {
    nats = await startNatsServer();
    admin = await connect({ servers: nats.url });
    consumerApi = admin.subscribe("$JS.API.CONSUMER.CREATE.>", {
      callback: (_error, message) => {
        const body = message.json<{ config: Record<string, unknown> }>();
        creates.push({ reply: message.reply ?? "", config: body.config });
      },
    });
    await admin.flush();
  });

  afterAll(async () => {
    await hub?.close();
    consumerApi?.unsubscribe();
    await admin?.close();
    await nats?.stop();
  });

  /** The connection part of a reply inbox (`_INBOX.<connection>.<request>`). */
  const inbox = (reply: string) => reply.split(".").slice(0, 2).join(".");

  it("creates the seed's and replays' consumers on another connection than the live feed's", async () => {
    hub = await startTestHub({ NATS_URL: nats.url, HUB_DEMO: "0", HUB_RECENT_EVENTS: "0" });
    const seqs = await hub.publish([
      stats("r", 1),
      ...["a", "b", "c"].map((id) => playback("r", id)),
    ]);
    await admin.flush();
    const seed = creates.find((c) => c.config.deliver_policy === "last_per_subject");
    const live = creates.find((c) => c !== seed);
    expect(seed).toBeDefined();
    expect(live).toBeDefined();
    const before = creates.length;

    const epoch = hub.app.broker.epoch;
    const client = await TestClient.ready(`${hub.wsUrl}?rooms=r&since=${seqs[0]}&epoch=${epoch}`);
    expect(client.events().map((e) => e.seq)).toEqual(seqs.slice(1));
    await admin.flush();
    const replay = creates.slice(before).find((c) => c.config.opt_start_seq === (seqs[0] ?? 0) + 1);
    expect(replay).toBeDefined();

    expect(inbox(replay?.reply ?? "")).toBe(inbox(seed?.reply ?? ""));
    expect(inbox(replay?.reply ?? "")).not.toBe(inbox(live?.reply ?? ""));
    // The live feed still flows on its own connection.
    const next = await hub.publish([playback("r", "d")]);
    expect((await client.waitForEvents(4)).at(-1)?.seq).toBe(next[0]);
    client.close();
  });
});
