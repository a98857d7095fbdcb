import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { playback } from "./support/events.js";
import { startTestHub, type TestHub } from "./support/hub.js";
import { TestClient } from "./support/ws-client.js";

/**
 * The metrics deploy/prometheus's alerting rules compare against: the connection cap, and
 * the live feed's lag behind the stream (stream's last seq − the hub's head seq).
 */
describe("metrics for alerting", () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub({ HUB_MAX_CONNECTIONS: "42" });
  });
  afterAll(async () => {
    await hub.close();
  });

  const scrape = async () => {
    const text = await (await fetch(`${hub.url}/metrics`)).text();
    return (name: string) => Number(new RegExp(`^${name} (\\S+)$`, "m").exec(text)?.[1]);
  };

  it("reports HUB_MAX_CONNECTIONS as pulseboard_connections_limit", async () => {
    expect((await scrape())("pulseboard_connections_limit")).toBe(42);
  });

  it("reports no lag once the hub has fanned out every event of the stream", async () => {
    const client = await TestClient.ready(hub.wsUrl);
    const seqs = await hub.publish([playback("global", 1), playback("global", 2)]);
    await client.waitForEvents(2);
    const value = await scrape();
    expect(value("pulseboard_head_seq")).toBe(seqs.at(-1));
    expect(value("pulseboard_stream_lag_events")).toBe(0);
    client.close();
  });

  it("reports the events the live feed has not delivered when it stops", async () => {
    // Fault injection: the hub's live subscription stops, the stream goes on.
    const live = (hub.app.hub as unknown as { subscription: { stop(): Promise<void> } })
      .subscription;
    await live.stop();
    await hub.publish([playback("global", 3), playback("global", 4), playback("global", 5)]);
    expect((await scrape())("pulseboard_stream_lag_events")).toBe(3);
  });
});
