import { ErrorCode, type ServerMessage } from "@pulseboard/protocol";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { playbacks, stats } from "./support/events.js";
import { startTestHub, type TestHub } from "./support/hub.js";
import { signToken, TEST_SECRET } from "./support/tokens.js";
import { TestClient } from "./support/ws-client.js";

/**
 * Shared alert acknowledgements (protocol 1.1) on one hub, embedded broker, real sockets:
 * `append` → stamped `alert_acknowledged` event → every follower, `appended` with its seq,
 * refusals, the snapshot of a later connection, the rate limit.
 */

const PUBLISH_TOKEN = "test-publish-token";

interface Who {
  sub: string;
  name?: string;
  publish?: string[];
}

type Event = Extract<ServerMessage, { seq: number }>;

const isAck = (room: string) => (m: ServerMessage) =>
  m.type === "alert_acknowledged" && m.room === room;

const replyTo = (ref: string | number) => (m: ServerMessage) =>
  (m.type === "appended" || m.type === "error") && m.ref === ref;

function ack(room: string, data: Record<string, unknown>, id: string | number) {
  return { type: "append", id, data: { room, type: "alert_acknowledged", data } };
}

describe("alert acknowledgements on one hub (JWT)", { timeout: 60_000 }, () => {
  let hub: TestHub;
  const clients: TestClient[] = [];

  async function join(who: Who, rooms: string[]): Promise<TestClient> {
    const token = await signToken({
      sub: who.sub,
      ...(who.name === undefined ? {} : { name: who.name }),
      rooms: ["*"],
      ...(who.publish === undefined ? {} : { publish: who.publish }),
    });
    const query = new URLSearchParams({ rooms: rooms.join(","), access_token: token });
    const client = await TestClient.ready(`${hub.wsUrl}?${query}`);
    clients.push(client);
    return client;
  }

  /** Sends an `append` and waits for its answer (`appended` or `error`). */
  async function send(client: TestClient, message: ReturnType<typeof ack>) {
    const from = client.messages.length;
    client.send(message);
    return client.waitFor(replyTo(message.id), { from });
  }

  beforeAll(async () => {
    // A short ring and recent-events window: an acknowledgement soon leaves both.
    hub = await startTestHub({
      HUB_AUTH: "jwt",
      HUB_AUTH_SECRET: TEST_SECRET,
      HUB_MEMORY_RETENTION: "50",
      HUB_RECENT_EVENTS: "20",
      HUB_PUBLISH_TOKEN: PUBLISH_TOKEN,
    });
  });
  afterEach(() => {
    for (const client of clients.splice(0)) client.close();
  });
  afterAll(async () => {
    await hub?.close();
  });

  it("stamps by from the token and at from the hub's clock, ignoring the client's own", async () => {
    const ana = await join({ sub: "u-ana", name: "Ana", publish: ["dash:*"] }, ["dash:1"]);
    const bo = await join({ sub: "u-bo" }, ["dash:1"]);
    const before = Date.now();
    const forged = {
      alert_id: 5521,
      note: "Known VPN user",
      by: { id: "u-admin", name: "Admin" },
      at: "2020-01-01T00:00:00.000Z",
      acknowledged: false,
    };
    const reply = await send(ana, ack("dash:1", forged, "a1"));
    const after = Date.now();
    expect(reply).toMatchObject({ type: "appended", data: { room: "dash:1" }, ref: "a1" });
    const seq = (reply as Extract<ServerMessage, { type: "appended" }>).data.seq;

    const seen = (await bo.waitFor(isAck("dash:1"))) as Event;
    expect(seen.seq).toBe(seq);
    expect(seen.data).toEqual({
      alert_id: 5521,
      note: "Known VPN user",
      by: { id: "u-ana", name: "Ana" },
      at: expect.any(String),
    });
    const at = Date.parse((seen.data as { at: string }).at);
    expect(at).toBeGreaterThanOrEqual(before);
    expect(at).toBeLessThanOrEqual(after);
    // The sender receives the event like every follower, with the same seq.
    expect(((await ana.waitFor(isAck("dash:1"))) as Event).seq).toBe(seq);
  });

  it("names the user by the sub when the token has no name; a string id works too", async () => {
    const cy = await join({ sub: "u-cy", publish: ["*"] }, ["dash:2"]);
    const reply = await send(cy, ack("dash:2", { alert_id: "alert-9f2" }, 2));
    expect(reply.type).toBe("appended");
    const seen = (await cy.waitFor(isAck("dash:2"))) as Event;
    expect(seen.data).toEqual({
      alert_id: "alert-9f2",
      by: { id: "u-cy", name: "u-cy" },
      at: expect.any(String),
    });
  });

  it("refuses with forbidden without the publish grant or for a room not followed; stores nothing", async () => {
    const { lastSeq } = await hub.app.broker.position();
    const noGrant = await join({ sub: "u-d" }, ["dash:3"]);
    const otherGrant = await join({ sub: "u-e", publish: ["dash:4"] }, ["dash:3"]);
    const notFollowing = await join({ sub: "u-f", publish: ["*"] }, ["dash:4"]);
    for (const [client, text] of [
      [noGrant, "does not grant publishing to room dash:3"],
      [otherGrant, "does not grant publishing to room dash:3"],
      [notFollowing, "subscribe to room dash:3"],
    ] as const) {
      const reply = await send(client, ack("dash:3", { alert_id: 1 }, "nope"));
      expect(reply).toMatchObject({
        type: "error",
        data: { code: ErrorCode.FORBIDDEN, ref: "nope" },
        ref: "nope",
      });
      expect((reply as Extract<ServerMessage, { type: "error" }>).data.message).toContain(text);
    }
    expect((await hub.app.broker.position()).lastSeq).toBe(lastSeq);
  });

  it("refuses other types, bad data and an oversized note with bad_message; the socket stays open", async () => {
    const ana = await join({ sub: "u-ana", publish: ["*"] }, ["dash:5"]);
    const { lastSeq } = await hub.app.broker.position();
    const cases: [unknown, string][] = [
      [{ room: "dash:5", type: "detection_alert", data: { id: 1 } }, "can be appended"],
      [{ room: "dash:5", type: "stats_update", data: {} }, "can be appended"],
      [{ room: "dash:5", type: "alert_acknowledged", data: { note: "x" } }, "alert_id"],
      [{ room: "dash:5", type: "alert_acknowledged", data: { alert_id: true } }, "alert_id"],
      [
        {
          room: "dash:5",
          type: "alert_acknowledged",
          data: { alert_id: 1, note: "n".repeat(501) },
        },
        "note is at most 500 characters",
      ],
    ];
    for (const [index, [data, text]] of cases.entries()) {
      const from = ana.messages.length;
      ana.send({ type: "append", id: index, data });
      const reply = (await ana.waitFor(replyTo(index), { from })) as Extract<
        ServerMessage,
        { type: "error" }
      >;
      expect(reply.data.code).toBe(ErrorCode.BAD_MESSAGE);
      expect(reply.data.message).toContain(text);
    }
    ana.send({ type: "ping", id: "still-open" });
    await ana.waitFor((m) => m.type === "pong" && m.ref === "still-open");
    expect((await hub.app.broker.position()).lastSeq).toBe(lastSeq);
  });

  it("checks an append sent right after its room's subscribe after that subscription", async () => {
    const ana = await join({ sub: "u-ana", publish: ["*"] }, ["dash:8"]);
    ana.send({ type: "subscribe", id: "s9", data: { rooms: ["dash:9"] } });
    const reply = await send(ana, ack("dash:9", { alert_id: 3 }, "right-after"));
    expect(reply.type).toBe("appended");
    const subscribed = ana.messages.findIndex((m) => m.type === "subscribed" && m.ref === "s9");
    expect(subscribed).toBeGreaterThanOrEqual(0);
    expect(subscribed).toBeLessThan(ana.messages.indexOf(reply));
  });

  it("takes an acknowledgement from a producer over HTTP only with by and at", async () => {
    const follower = await join({ sub: "u-bo" }, ["dash:7"]);
    const publish = (data: unknown) =>
      fetch(`${hub.url}/api/v1/publish`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${PUBLISH_TOKEN}` },
        body: JSON.stringify({ room: "dash:7", type: "alert_acknowledged", data }),
      });
    const unsigned = await publish({ alert_id: 12 });
    expect(unsigned.status).toBe(400);
    expect(await unsigned.json()).toMatchObject({ error: "invalid_event" });
    const data = { alert_id: 12, by: { id: 1042, name: "marisol" }, at: "2026-11-30T21:14:03Z" };
    const signed = await publish(data);
    expect(signed.status).toBe(200);
    const [seq] = ((await signed.json()) as { seqs: number[] }).seqs;
    const seen = (await follower.waitFor(isAck("dash:7"))) as Event;
    expect([seen.seq, seen.data]).toEqual([seq, data]);
  });

  it("shows the acknowledgement in a later connection's snapshot after many newer events", async () => {
    const ana = await join({ sub: "u-ana", name: "Ana", publish: ["*"] }, ["dash:6"]);
    const reply = await send(ana, ack("dash:6", { alert_id: 7, note: "on it" }, "a6"));
    const seq = (reply as Extract<ServerMessage, { type: "appended" }>).data.seq;
    // Far more than the ring (50) and the recent events (20) hold: the event itself is gone.
    await hub.publish([...playbacks("dash:6", 120), stats("dash:6", 120)]);
    const { firstSeq } = await hub.app.broker.position();
    expect(firstSeq).toBeGreaterThan(seq);

    // A reload: a new connection without `since` starts with the room's snapshot.
    const reloaded = await join({ sub: "u-bo" }, ["dash:6"]);
    const snapshot = reloaded.events("dash:6");
    expect(snapshot.map((event) => event.type)).toEqual(["alert_acknowledged", "stats_update"]);
    expect(snapshot[0]).toMatchObject({
      seq,
      data: { alert_id: 7, note: "on it", by: { id: "u-ana", name: "Ana" } },
    });
  });
});

describe("alert acknowledgements in open mode, rate limited", { timeout: 60_000 }, () => {
  let hub: TestHub;
  let client: TestClient | undefined;

  beforeAll(async () => {
    // Burst 9, an append costs 4: two pass at once; the third gets past the per-message token
    // (1 left) but not its work cost, and is dropped with its ref.
    hub = await startTestHub({ HUB_RATE_LIMIT: "1", HUB_RATE_BURST: "9" });
  });
  afterAll(async () => {
    client?.close();
    await hub?.close();
  });

  it("stamps the anonymous member and drops appends past the rate with rate_limited", async () => {
    client = await TestClient.ready(`${hub.wsUrl}?rooms=global`);
    const connectionId = client.ofType("welcome")[0]?.data.connection_id ?? "";
    const { lastSeq } = await hub.app.broker.position();
    for (const id of [1, 2, 3]) client.send(ack("global", { alert_id: id }, id));
    const answers = await client.until(() => {
      const found = [1, 2, 3].map((ref) => client?.messages.find(replyTo(ref)));
      return found.every((m) => m !== undefined) ? found : undefined;
    });
    expect(answers.map((m) => m?.type)).toEqual(["appended", "appended", "error"]);
    expect(answers[2]).toMatchObject({ data: { code: ErrorCode.RATE_LIMITED, ref: 3 } });
    expect((answers[2] as Extract<ServerMessage, { type: "error" }>).data.message).toContain(
      "an append costs 4",
    );
    expect((await hub.app.broker.position()).lastSeq).toBe(lastSeq + 2);
    const metrics = await (await fetch(`${hub.url}/metrics`)).text();
    expect(metrics).toMatch(/^pulseboard_appends_total 2$/m);

    const seen = (await client.waitFor((m) => m.type === "alert_acknowledged")) as Event;
    expect(seen.data).toMatchObject({
      alert_id: 1,
      by: { id: `anon:${connectionId}`, name: `guest-${connectionId.slice(0, 8)}` },
    });
  });
});
