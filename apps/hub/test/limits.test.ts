import { CloseCode, ErrorCode } from "@pulseboard/protocol";
import { afterEach, describe, expect, it } from "vitest";
import { playbacks } from "./support/events.js";
import { startTestHub, type TestHub } from "./support/hub.js";
import { TestClient, UpgradeRefused } from "./support/ws-client.js";

describe("limits", () => {
  let hub: TestHub;
  afterEach(async () => {
    await hub.close();
  });

  it("allows only listed browser origins, and clients without an Origin", async () => {
    hub = await startTestHub({ HUB_ALLOWED_ORIGINS: "https://dash.example,http://localhost:3000" });
    (await TestClient.ready(hub.wsUrl, { origin: "https://dash.example" })).close();
    (await TestClient.ready(hub.wsUrl)).close();
    const refused = await TestClient.connect(hub.wsUrl, { origin: "https://evil.example" }).catch(
      (e: unknown) => e,
    );
    expect(refused).toBeInstanceOf(UpgradeRefused);
    expect(refused).toMatchObject({ status: 403, body: { error: "origin_not_allowed" } });
  });

  it("caps connections per address with 429 and frees the slot on close", async () => {
    hub = await startTestHub({ HUB_MAX_CONNECTIONS_PER_IP: "2" });
    const first = await TestClient.ready(hub.wsUrl);
    const second = await TestClient.ready(hub.wsUrl);
    const refused = await TestClient.connect(hub.wsUrl).catch((e: unknown) => e);
    expect(refused).toMatchObject({ status: 429, body: { error: "too_many_connections" } });
    first.close();
    await first.closed;
    await second.until(() => (hub.app.hub.clients.size === 1 ? true : undefined));
    (await TestClient.ready(hub.wsUrl)).close();
    second.close();
  });

  it("closes connections past the total cap with 1013 and a retry hint", async () => {
    hub = await startTestHub({ HUB_MAX_CONNECTIONS: "2" });
    const held = [await TestClient.ready(hub.wsUrl), await TestClient.ready(hub.wsUrl)];
    const extra = await TestClient.connect(hub.wsUrl);
    const closed = await extra.closed;
    expect(closed.code).toBe(CloseCode.TRY_AGAIN_LATER);
    expect(JSON.parse(closed.reason)).toHaveProperty("retry_ms");
    for (const client of held) client.close();
  });

  it("answers a message flood with rate_limited, then closes with 4029, serving others", async () => {
    hub = await startTestHub({ HUB_RATE_LIMIT: "5", HUB_RATE_BURST: "10" });
    const bystander = await TestClient.ready(hub.wsUrl);
    const flooder = await TestClient.ready(hub.wsUrl);
    for (let i = 0; i < 200; i++) flooder.send({ type: "ping", id: i });
    const closed = await flooder.closed;
    expect(closed.code).toBe(CloseCode.RATE_LIMITED);
    const pongs = flooder.ofType("pong").length;
    const limited = flooder.ofType("error").filter((e) => e.data.code === ErrorCode.RATE_LIMITED);
    expect(pongs).toBeGreaterThanOrEqual(10);
    expect(pongs).toBeLessThan(200);
    expect(limited.length).toBeGreaterThan(0);
    const seqs = await hub.publish(playbacks("global", 3));
    expect((await bystander.waitForEvents(3)).map((e) => e.seq)).toEqual(seqs);
    bystander.close();
  });

  it("caps the rooms one connection follows", async () => {
    hub = await startTestHub({ HUB_MAX_ROOMS_PER_CONNECTION: "3" });
    const client = await TestClient.ready(hub.wsUrl);
    client.send({ type: "subscribe", id: "a", data: { rooms: ["a", "b"] } });
    await client.waitFor((m) => m.type === "subscribed" && m.ref === "a");
    client.send({ type: "subscribe", id: "b", data: { rooms: ["c", "d"] } });
    const error = await client.waitFor((m) => m.type === "error" && m.ref === "b");
    expect(error).toMatchObject({ data: { code: ErrorCode.TOO_MANY_ROOMS } });
    expect(hub.app.hub.subscriptionCount).toBe(3);
    client.close();
  });

  it("survives clients that open and drop connections in a loop", async () => {
    hub = await startTestHub({ HUB_MAX_CONNECTIONS_PER_IP: "50" });
    const steady = await TestClient.ready(hub.wsUrl);
    for (let round = 0; round < 200; round++) {
      const churn = await TestClient.connect(hub.wsUrl);
      if (round % 2 === 0) churn.socket.terminate();
      else churn.close();
    }
    await steady.until(() => (hub.app.hub.clients.size === 1 ? true : undefined));
    const seqs = await hub.publish(playbacks("global", 2));
    expect((await steady.waitForEvents(2)).map((e) => e.seq)).toEqual(seqs);
    // Every slot came back: a fresh burst up to the per-address cap is admitted.
    const burst = await Promise.all(Array.from({ length: 49 }, () => TestClient.ready(hub.wsUrl)));
    for (const client of burst) client.close();
    steady.close();
  });
});
