import { PROTOCOL_VERSION, SUBPROTOCOL } from "@pulseboard/protocol";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { playback, playbacks } from "./support/events.js";
import { startTestHub, type TestHub } from "./support/hub.js";
import { TestClient } from "./support/ws-client.js";

describe("fan-out", () => {
  let hub: TestHub;
  const clients: TestClient[] = [];
  beforeEach(async () => {
    hub = await startTestHub({ HUB_DEFAULT_ROOMS: "global" });
  });
  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    await hub.close();
  });

  it("welcomes a connection with the protocol version, epoch, head seq and rooms", async () => {
    await hub.publish(playbacks("global", 3));
    const client = await TestClient.ready(hub.wsUrl);
    clients.push(client);
    const welcome = client.messages[0];
    expect(welcome?.type).toBe("welcome");
    if (welcome?.type !== "welcome") return;
    expect(welcome.data).toMatchObject({
      protocol: PROTOCOL_VERSION,
      epoch: hub.app.broker.epoch,
      seq: 3,
      rooms: ["global"],
    });
    expect(welcome.data.connection_id).toMatch(/[0-9a-f-]{36}/);
  });

  it("delivers every event to many clients in seq order", async () => {
    const many = await Promise.all(Array.from({ length: 20 }, () => TestClient.ready(hub.wsUrl)));
    clients.push(...many);
    const seqs: number[] = [];
    for (let batch = 0; batch < 10; batch++) {
      seqs.push(...(await hub.publish(playbacks("global", 20, batch * 20))));
    }
    for (const client of many) {
      const events = await client.waitForEvents(200);
      expect(events.map((e) => e.seq)).toEqual(seqs);
      expect(events.every((e) => e.type === "playback" && e.room === "global")).toBe(true);
    }
  });

  it("sends the same bytes to every subscriber", async () => {
    const [a, b] = await Promise.all([TestClient.ready(hub.wsUrl), TestClient.ready(hub.wsUrl)]);
    clients.push(a, b);
    await hub.publish([playback("global", 1, { extra: { nested: [1, 2, 3] } })]);
    await a.waitForEvents(1);
    await b.waitForEvents(1);
    expect(a.raw.at(-1)).toBe(b.raw.at(-1));
    expect(JSON.parse(a.raw.at(-1) ?? "").data.extra).toEqual({ nested: [1, 2, 3] });
  });

  it("isolates rooms", async () => {
    const a = await TestClient.ready(`${hub.wsUrl}?rooms=dashboard:a`);
    const b = await TestClient.ready(`${hub.wsUrl}?rooms=dashboard:b,global`);
    clients.push(a, b);
    await hub.publish([
      playback("dashboard:a", 1),
      playback("dashboard:b", 2),
      playback("global", 3),
    ]);
    await hub.publish([playback("dashboard:a", 4)]);
    const eventsOfB = await b.waitForEvents(2);
    const eventsOfA = await a.waitForEvents(2);
    expect(eventsOfA.map((e) => e.room)).toEqual(["dashboard:a", "dashboard:a"]);
    expect(eventsOfB.map((e) => e.room)).toEqual(["dashboard:b", "global"]);
    // Nothing more arrives for A after a later event proves delivery has caught up.
    await hub.publish([playback("dashboard:a", 5)]);
    await a.waitForEvents(3);
    expect(a.events().every((e) => e.room === "dashboard:a")).toBe(true);
  });

  it("serves a legacy client that only sends JSON pings: default rooms, no subscribe needed", async () => {
    const legacy = await TestClient.connect(hub.wsUrl);
    clients.push(legacy);
    legacy.send({ type: "ping" });
    await legacy.waitFor((m) => m.type === "pong");
    const seqs = await hub.publish(playbacks("global", 5));
    const events = await legacy.waitForEvents(5);
    expect(events.map((e) => e.seq)).toEqual(seqs);
    expect(legacy.ofType("error")).toEqual([]);
  });

  it("delivers events published right after welcome without any sleep", async () => {
    const client = await TestClient.connect(hub.wsUrl);
    clients.push(client);
    const welcome = await client.waitFor((m) => m.type === "welcome");
    const seqs = await hub.publish(playbacks("global", 3));
    const events = await client.waitForEvents(3);
    expect(events.map((e) => e.seq)).toEqual(seqs);
    expect(welcome.type === "welcome" && seqs.every((s) => s > welcome.data.seq)).toBe(true);
  });

  it("selects the pulseboard.v1 subprotocol when offered and accepts clients offering none", async () => {
    const modern = await TestClient.connect(hub.wsUrl, { protocols: [SUBPROTOCOL] });
    const legacy = await TestClient.connect(hub.wsUrl);
    clients.push(modern, legacy);
    expect(modern.socket.protocol).toBe(SUBPROTOCOL);
    expect(legacy.socket.protocol).toBe("");
  });

  it("serves the /api/v1/ws alias", async () => {
    const client = await TestClient.ready(`${hub.url.replace("http", "ws")}/api/v1/ws`);
    clients.push(client);
    const [seq] = await hub.publish([playback("global", 1)]);
    const [event] = await client.waitForEvents(1);
    expect(event?.seq).toBe(seq);
  });

  it("subscribes and unsubscribes rooms on a live connection", async () => {
    const client = await TestClient.ready(hub.wsUrl);
    clients.push(client);
    client.send({ type: "subscribe", id: 7, data: { rooms: ["dashboard:x"] } });
    const subscribed = await client.waitFor((m) => m.type === "subscribed" && m.ref === 7);
    expect(subscribed.type === "subscribed" && subscribed.data.rooms).toEqual(["dashboard:x"]);
    await hub.publish([playback("dashboard:x", 1)]);
    await client.waitForEvents(1);

    client.send({ type: "unsubscribe", id: "u1", data: { rooms: ["dashboard:x"] } });
    const unsubscribed = await client.waitFor((m) => m.type === "unsubscribed");
    expect(unsubscribed).toMatchObject({ data: { rooms: ["dashboard:x"] }, ref: "u1" });
    await hub.publish([playback("dashboard:x", 2), playback("global", 3)]);
    const events = await client.waitForEvents(2);
    expect(events.map((e) => e.room)).toEqual(["dashboard:x", "global"]);
  });
});
