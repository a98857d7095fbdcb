import { type NatsServerHandle, startNatsServer } from "@pulseboard/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestHub, type TestHub } from "../src/testing.js";
import { playback } from "./support/events.js";
import { TestClient } from "./support/ws-client.js";

const TOKEN = "test-publish-token";

async function until(what: string, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe("publish API while NATS is away", { timeout: 90_000 }, () => {
  let nats: NatsServerHandle;
  let hub: TestHub;
  beforeAll(async () => {
    nats = await startNatsServer();
    hub = await startTestHub({ NATS_URL: nats.url, HUB_PUBLISH_TOKEN: TOKEN });
  });
  afterAll(async () => {
    await hub?.close();
    await nats?.stop();
  });

  const publish = (body: unknown) =>
    fetch(`${hub.url}/api/v1/publish`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify(body),
    });
  const ready = async () => (await fetch(`${hub.url}/readyz`)).status === 200;

  it("answers 503 with Retry-After without asking the broker, and stores nothing it refused", async () => {
    const before = await publish(playback("global", 1));
    expect(before.status).toBe(200);
    const [since] = ((await before.json()) as { seqs: number[] }).seqs;

    // Count what reaches the broker: while it is away, nothing should (no request waiting for a
    // publish timeout, nothing left in the NATS client's reconnect buffer).
    const broker = hub.app.broker;
    const publishToBroker = broker.publish.bind(broker);
    let attempts = 0;
    broker.publish = (events) => {
      attempts++;
      return publishToBroker(events);
    };

    await nats.halt();
    await until("the hub to notice NATS is gone", async () => !(await ready()));
    const refused = await publish(playback("global", 2));
    expect(refused.status).toBe(503);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await refused.json()).toMatchObject({ error: "unavailable" });
    expect(attempts).toBe(0);

    await nats.resume();
    await until("the hub to be ready again", ready);
    const after = await publish(playback("global", 3));
    expect(after.status).toBe(200);
    expect(attempts).toBe(1);
    const [last] = ((await after.json()) as { seqs: number[] }).seqs;

    // Resuming from the first event: the next one is the third. The refused publish was not
    // buffered by the NATS client and stored once it reconnected.
    const reader = await TestClient.ready(`${hub.wsUrl}?rooms=global&since=${since}`);
    const events = await reader.waitForEvents(1);
    expect(events.map((e) => [e.seq, (e.data as { id: string }).id])).toEqual([[last, "p-3"]]);
    reader.close();
  });
});
