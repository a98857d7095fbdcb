import { ErrorCode, type ServerMessage } from "@pulseboard/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestHub, type TestHub } from "../support/hub.js";
import { signToken, TEST_SECRET } from "../support/tokens.js";
import { TestClient } from "../support/ws-client.js";

/** One hub (embedded broker), JWT auth: presence, indicators and dashboard_refresh end to end. */

const COLLAB_TYPES = new Set(["presence", "join", "leave", "indicator"]);

interface Join {
  sub: string;
  name?: string;
  rooms?: string[];
  publish?: string[];
  presence?: boolean;
  since?: number;
}

async function connect(hub: TestHub, who: Join, rooms: string[]): Promise<TestClient> {
  const token = await signToken({
    sub: who.sub,
    name: who.name,
    rooms: who.rooms ?? ["*"],
    ...(who.publish === undefined ? {} : { publish: who.publish }),
  });
  const query = new URLSearchParams({ rooms: rooms.join(","), access_token: token });
  if (who.presence ?? true) query.set("presence", "1");
  if (who.since !== undefined) query.set("since", String(who.since));
  const client = await TestClient.ready(`${hub.wsUrl}?${query}`);
  if (who.presence ?? true) {
    await client.waitFor((m) => m.type === "presence" && m.data.room === rooms.at(-1));
  }
  return client;
}

const isType =
  <T extends ServerMessage["type"]>(type: T, room?: string) =>
  (m: ServerMessage): m is Extract<ServerMessage, { type: T }> =>
    m.type === type &&
    (room === undefined || ("data" in m && (m.data as { room?: string })?.room === room));

describe("presence and indicators on one hub", () => {
  let hub: TestHub;
  const clients: TestClient[] = [];
  const track = (client: TestClient) => {
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    hub = await startTestHub({
      HUB_AUTH: "jwt",
      HUB_AUTH_SECRET: TEST_SECRET,
      HUB_INDICATOR_RATE: "1",
      HUB_INDICATOR_BURST: "3",
    });
  });
  afterAll(async () => {
    for (const client of clients) client.close();
    await hub.close();
  });

  it("sends the members after subscribed, then join and leave, once per user", async () => {
    const ana = track(await connect(hub, { sub: "u-ana", name: "Ana" }, ["dash:1"]));
    const subscribedAt = ana.messages.findIndex((m) => m.type === "subscribed");
    const presenceAt = ana.messages.findIndex((m) => m.type === "presence");
    expect(presenceAt).toBeGreaterThan(subscribedAt);
    expect(ana.messages[presenceAt]).toEqual({
      type: "presence",
      data: { room: "dash:1", members: [{ id: "u-ana", name: "Ana" }] },
    });

    // `welcome` tells a presence connection who it counts as.
    expect(ana.ofType("welcome")[0]?.data.user).toEqual({ id: "u-ana", name: "Ana" });

    const bo = track(await connect(hub, { sub: "u-bo" }, ["dash:1"]));
    await ana.waitFor(isType("join", "dash:1"));
    expect(ana.ofType("join")).toEqual([
      { type: "join", data: { room: "dash:1", member: { id: "u-bo", name: "u-bo" } } },
    ]);
    expect(bo.ofType("presence")[0]?.data.members).toEqual([
      { id: "u-ana", name: "Ana" },
      { id: "u-bo", name: "u-bo" },
    ]);

    // A second tab of the same user is no news; closing one of two tabs neither.
    const boTab = await connect(hub, { sub: "u-bo" }, ["dash:1"]);
    boTab.close();
    await boTab.closed;
    bo.close();
    await ana.waitFor(isType("leave", "dash:1"));
    expect(ana.ofType("join")).toHaveLength(1);
    expect(ana.ofType("leave")).toEqual([
      { type: "leave", data: { room: "dash:1", member: { id: "u-bo", name: "u-bo" } } },
    ]);
  });

  it("leaves a room on unsubscribe", async () => {
    const ana = track(await connect(hub, { sub: "u-ana2" }, ["dash:9"]));
    const cy = track(await connect(hub, { sub: "u-cy" }, ["dash:9"]));
    await ana.waitFor(isType("join", "dash:9"));
    cy.send({ type: "unsubscribe", id: "u", data: { rooms: ["dash:9"] } });
    await ana.waitFor(isType("leave", "dash:9"));
  });

  it("relays indicators to the room's opted-in connections only", async () => {
    const ana = track(
      await connect(hub, { sub: "u-ana3", name: "Ana", publish: ["dash:*"] }, ["dash:2"]),
    );
    const bo = track(await connect(hub, { sub: "u-bo3" }, ["dash:2"]));
    const elsewhere = track(await connect(hub, { sub: "u-dee" }, ["dash:3"]));
    const legacy = track(
      await TestClient.ready(
        `${hub.wsUrl}?rooms=dash:2&access_token=${await signToken({ sub: "old", rooms: ["*"] })}`,
      ),
    );

    ana.send({
      type: "publish",
      id: "p1",
      data: { room: "dash:2", kind: "viewing", payload: { panel: "plays" }, ttl_ms: 5000 },
    });
    const seen = await bo.waitFor(isType("indicator", "dash:2"));
    expect(seen).toMatchObject({
      type: "indicator",
      data: {
        room: "dash:2",
        kind: "viewing",
        payload: { panel: "plays" },
        ttl_ms: 5000,
        from: { id: "u-ana3", name: "Ana" },
      },
    });
    // The sender gets it too (its acknowledgement), with its own connection id.
    const own = await ana.waitFor(isType("indicator", "dash:2"));
    const welcome = ana.ofType("welcome")[0];
    expect(own.type === "indicator" && own.data.from.connection_id).toBe(
      welcome?.data.connection_id,
    );

    // A default ttl when none is given; a later message proves the others got nothing.
    ana.send({ type: "publish", data: { room: "dash:2", kind: "annotating" } });
    await bo.waitFor((m) => m.type === "indicator" && m.data.kind === "annotating");
    expect(bo.ofType("indicator").find((m) => m.data.kind === "annotating")?.data.ttl_ms).toBe(
      10_000,
    );
    legacy.send({ type: "ping", id: "last" });
    await legacy.waitFor((m) => m.type === "pong");
    elsewhere.send({ type: "ping", id: "last" });
    await elsewhere.waitFor((m) => m.type === "pong");
    expect(elsewhere.ofType("indicator")).toEqual([]);
    expect(legacy.messages.filter((m) => COLLAB_TYPES.has(m.type))).toEqual([]);
  });

  it("refuses publish without the grant, the room, or the opt-in, with forbidden", async () => {
    const noClaim = track(await connect(hub, { sub: "u-e" }, ["dash:4"]));
    const otherGrant = track(await connect(hub, { sub: "u-f", publish: ["dash:5"] }, ["dash:4"]));
    const notOptedIn = track(
      await connect(hub, { sub: "u-g", publish: ["*"], presence: false }, ["dash:4"]),
    );
    const notSubscribed = track(await connect(hub, { sub: "u-h", publish: ["*"] }, ["dash:4"]));
    const attempts: [TestClient, string][] = [
      [noClaim, "dash:4"],
      [otherGrant, "dash:4"],
      [notOptedIn, "dash:4"],
      [notSubscribed, "dash:6"],
    ];
    for (const [client, room] of attempts) {
      client.send({ type: "publish", id: "nope", data: { room, kind: "viewing" } });
      const error = await client.waitFor((m) => m.type === "error");
      expect(error).toMatchObject({
        type: "error",
        data: { code: ErrorCode.FORBIDDEN },
        ref: "nope",
      });
    }
    // Nobody in the room saw an indicator.
    noClaim.send({ type: "ping" });
    await noClaim.waitFor((m) => m.type === "pong");
    for (const [client] of attempts) expect(client.ofType("indicator")).toEqual([]);
  });

  it("rate-limits publish with rate_limited and keeps the connection open", async () => {
    const ana = track(await connect(hub, { sub: "u-i", publish: ["*"] }, ["dash:7"]));
    for (let i = 0; i < 6; i++) {
      ana.send({ type: "publish", id: i, data: { room: "dash:7", kind: "viewing", payload: i } });
    }
    await ana.until(() =>
      ana.ofType("indicator").length + ana.ofType("error").length >= 6 ? true : undefined,
    );
    expect(ana.ofType("indicator").map((m) => m.data.payload)).toEqual([0, 1, 2]);
    expect(ana.ofType("error").map((m) => [m.data.code, m.ref])).toEqual([
      [ErrorCode.RATE_LIMITED, 3],
      [ErrorCode.RATE_LIMITED, 4],
      [ErrorCode.RATE_LIMITED, 5],
    ]);
    // The bucket refills (1 per second).
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    ana.send({ type: "publish", data: { room: "dash:7", kind: "viewing", payload: "again" } });
    await ana.waitFor((m) => m.type === "indicator" && m.data.payload === "again");
  });

  it("refuses an oversized payload with bad_message", async () => {
    const ana = track(await connect(hub, { sub: "u-j", publish: ["*"] }, ["dash:8"]));
    ana.send({
      type: "publish",
      id: "big",
      data: { room: "dash:8", kind: "k", payload: "x".repeat(2000) },
    });
    expect(await ana.waitFor((m) => m.type === "error")).toMatchObject({
      data: { code: ErrorCode.BAD_MESSAGE },
      ref: "big",
    });
  });

  it("delivers dashboard_refresh as an event with seq, replayed on resume", async () => {
    const viewer = track(await connect(hub, { sub: "u-k" }, ["dash:10"]));
    const [seq] = await hub.publish([
      {
        room: "dash:10",
        type: "dashboard_refresh",
        data: {
          requested_at: "2026-11-21T23:00:00.000Z",
          reason: "reindexed",
          requested_by: "ops",
        },
      },
    ]);
    const event = await viewer.waitFor((m) => m.type === "dashboard_refresh");
    expect(event).toMatchObject({ type: "dashboard_refresh", room: "dash:10", seq });

    const resumed = track(await connect(hub, { sub: "u-k", since: (seq ?? 1) - 1 }, ["dash:10"]));
    expect(resumed.events("dash:10")).toEqual([event]);
  });
});
