import { type NatsClusterHandle, startNatsCluster } from "@pulseboard/testkit";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { BrokerEvent } from "../../../src/broker/broker.js";
import { NatsBroker } from "../../../src/broker/nats/nats-broker.js";
import { playback, publishSeqs } from "../../support/broker-events.js";
import { recordingLogger } from "../../support/recording-logger.js";

// A loaded 2-core machine can take a while to elect JetStream leaders for a fresh cluster.
const WAIT = { timeout: 120_000, interval: 250 };

describe("nats engine on a 3-node cluster", { timeout: 240_000 }, () => {
  let cluster: NatsClusterHandle;
  const brokers: NatsBroker[] = [];

  beforeAll(async () => {
    cluster = await startNatsCluster(3);
  }, 60_000);

  afterAll(async () => {
    await Promise.all(brokers.map((broker) => broker.close()));
    await cluster?.stop();
  }, 60_000);

  /** JetStream answers only once the cluster elected a meta leader: retry the start. */
  async function startBroker(servers: string[]): Promise<NatsBroker> {
    return vi.waitFor(async () => {
      const broker = new NatsBroker({
        servers,
        defaultRoom: "global",
        replicas: 3,
        logger: recordingLogger(),
      });
      await broker.start();
      brokers.push(broker);
      return broker;
    }, WAIT);
  }

  it("replicates the stream and keeps hubs on different nodes in the same sequence", async () => {
    const [first, second] = cluster.urls;
    const a = await startBroker([first ?? ""]);
    const b = await startBroker([second ?? ""]);
    expect(b.epoch).toBe(a.epoch);

    const received: BrokerEvent[] = [];
    const subscription = await b.subscribe((event) => received.push(event));
    const seqs = await publishSeqs(
      a,
      Array.from({ length: 20 }, (_, i) => playback("c", `${i}`)),
    );
    await vi.waitFor(() => expect(received.at(-1)?.seq).toBe(seqs.at(-1)), WAIT);
    expect(received.map((event) => event.seq)).toEqual(seqs);
    await subscription.stop();
  });
});
