import { MAX_PUBLISH_BODY_BYTES } from "@pulseboard/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { playback, stats } from "./support/events.js";
import { startTestHub, type TestHub } from "./support/hub.js";
import { TestClient } from "./support/ws-client.js";

const TOKEN = "test-publish-token";

describe("HTTP routes", () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub({ HUB_PUBLISH_TOKEN: TOKEN });
  });
  afterAll(async () => {
    await hub.close();
  });

  const publish = (body: unknown, token: string | null = TOKEN) =>
    fetch(`${hub.url}/api/v1/publish`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        ...(token === null ? {} : { authorization: `Bearer ${token}` }),
      },
      body: typeof body === "string" ? body : JSON.stringify(body),
    });

  it("reports health and readiness", async () => {
    const health = await fetch(`${hub.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: "ok" });
    const ready = await fetch(`${hub.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: "ready", broker: "connected" });
  });

  it("exposes Prometheus metrics that follow the traffic", async () => {
    const client = await TestClient.ready(hub.wsUrl);
    await publish([playback("global", 1), playback("global", 2)]);
    await client.waitForEvents(2);
    const text = await (await fetch(`${hub.url}/metrics`)).text();
    const value = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, "m").exec(text)?.[1]);
    expect(value("pulseboard_connections")).toBe(1);
    expect(value("pulseboard_subscriptions")).toBe(1);
    expect(value("pulseboard_messages_out_total")).toBeGreaterThanOrEqual(2);
    expect(value("pulseboard_bytes_out_total")).toBeGreaterThan(0);
    expect(value("pulseboard_published_events_total")).toBeGreaterThanOrEqual(2);
    expect(text).toMatch(/^pulseboard_event_latency_seconds_count \d+/m);
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds /m);
    expect(text).toMatch(/^pulseboard_slow_consumer_closes_total 0/m);
    client.close();
  });

  it("answers unknown routes with 404 and plain GETs of /ws with 426", async () => {
    expect((await fetch(`${hub.url}/nope`)).status).toBe(404);
    const ws = await fetch(`${hub.url}/ws`);
    expect(ws.status).toBe(426);
    expect(await ws.json()).toMatchObject({ error: "upgrade_required" });
  });

  it("has no testing API unless HUB_TESTING_API=1", async () => {
    expect((await fetch(`${hub.url}/api/v1/testing/state`)).status).toBe(404);
    const drop = await fetch(`${hub.url}/api/v1/testing/drop-connections`, { method: "POST" });
    expect(drop.status).toBe(405);
    const testing = await startTestHub({ HUB_TESTING_API: "1" });
    try {
      const state = (await (await fetch(`${testing.url}/api/v1/testing/state`)).json()) as {
        epoch: string;
        connections: unknown[];
      };
      expect(state).toMatchObject({ epoch: testing.app.broker.epoch, connections: [] });
    } finally {
      await testing.close();
    }
  });

  it("publishes one event or an array and answers with the assigned seqs", async () => {
    const client = await TestClient.ready(hub.wsUrl);
    const one = await publish(playback("global", 10));
    expect(one.status).toBe(200);
    const { seqs: first } = (await one.json()) as { seqs: number[] };
    const many = await publish([playback("global", 11), stats("global", 5)]);
    const { seqs: rest } = (await many.json()) as { seqs: number[] };
    expect(rest).toEqual([(first[0] ?? 0) + 1, (first[0] ?? 0) + 2]);
    const events = await client.waitForEvents(3);
    expect(events.map((e) => e.seq)).toEqual([...first, ...rest]);
    client.close();
  });

  it("refuses a batch with one invalid item, publishing none of it", async () => {
    const before = hub.app.hub.seq;
    const res = await publish([
      playback("global", 1),
      { room: "global", type: "playback", data: {} },
    ]);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: "invalid_event", index: 1 });
    expect(hub.app.hub.seq).toBe(before);
  });

  it.each([
    ["an unknown type", { room: "global", type: "nope", data: {} }],
    ["a bad room", { ...playback("global", 1), room: "has space" }],
    ["a non-object", 42],
  ])("refuses %s with 400 invalid_event", async (_name, item) => {
    const res = await publish([item]);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: "invalid_event", index: 0 });
  });

  it("refuses malformed JSON with 400 bad_json", async () => {
    const res = await publish("{not json");
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: "bad_json" });
  });

  it("requires the Bearer token", async () => {
    expect((await publish(playback("global", 1), null)).status).toBe(401);
    expect((await publish(playback("global", 1), "wrong")).status).toBe(401);
  });

  it("refuses bodies over the size limit with 413", async () => {
    const res = await publish("x".repeat(MAX_PUBLISH_BODY_BYTES + 1));
    expect(res.status).toBe(413);
  });
});

describe("publish API without a token", () => {
  it("is disabled (404)", async () => {
    const hub = await startTestHub();
    const res = await fetch(`${hub.url}/api/v1/publish`, { method: "POST", body: "{}" });
    expect(res.status).toBe(404);
    await hub.close();
  });
});
