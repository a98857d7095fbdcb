import { randomUUID } from "node:crypto";
import {
  decodeRoomEventsResponse,
  decodeRoomStateResponse,
  type RoomEventsResponse,
  roomPath,
} from "@pulseboard/protocol";
import { type NatsServerHandle, startNatsServer } from "@pulseboard/testkit";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { playback, playbacks, stats, syncProgress } from "./support/events.js";
import { startTestHub, type TestHub } from "./support/hub.js";
import { signToken, TEST_SECRET } from "./support/tokens.js";
import { TestClient } from "./support/ws-client.js";

/**
 * `GET /api/v1/rooms/{room}/events` and `/state` (protocol 1.1, "History"), over real HTTP, on
 * both engines (the NATS runs on a real nats-server, once with recent events off so every read
 * goes to the stream).
 */
let nats: NatsServerHandle;
beforeAll(async () => {
  nats = await startNatsServer();
});
afterAll(async () => {
  await nats?.stop();
});

const hubs: TestHub[] = [];
const clients: TestClient[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  for (const hub of hubs.splice(0)) await hub.close();
});

async function hub(env: Record<string, string> = {}): Promise<TestHub> {
  const started = await startTestHub(env);
  hubs.push(started);
  return started;
}

async function fedThrough(target: TestHub, seq: number): Promise<void> {
  while (target.app.hub.seq < seq) await new Promise((resolve) => setTimeout(resolve, 10));
}

const room = () => `r-${randomUUID().slice(0, 8)}`;

async function get(target: TestHub, path: string, init: RequestInit = {}) {
  const response = await fetch(`${target.url}${path}`, init);
  return { response, text: await response.text() };
}

const engines: [string, () => Record<string, string>][] = [
  ["memory", () => ({})],
  ["nats", () => ({ NATS_URL: nats.url })],
  ["nats, read from the stream", () => ({ NATS_URL: nats.url, HUB_RECENT_EVENTS: "0" })],
];

describe.each(engines)("a room's past over HTTP, %s engine", { timeout: 60_000 }, (_, env) => {
  it("pages back with before until more is false: every event exactly once, ascending", async () => {
    const target = await hub(env());
    const r = room();
    const inputs = Array.from({ length: 23 }, (_, i) =>
      i % 4 === 3 ? playback("elsewhere", i) : playback(r, i),
    );
    const seqs = await target.publish([...inputs, stats(r, 5)]);
    const mine = seqs.filter((_, i) => inputs[i]?.room !== "elsewhere");
    await fedThrough(target, seqs.at(-1) ?? 0);

    const pages: RoomEventsResponse[] = [];
    let before: number | undefined;
    do {
      const query = `?limit=5${before === undefined ? "" : `&before=${before}`}`;
      const { response, text } = await get(target, `${roomPath(r, "events")}${query}`);
      expect(response.status).toBe(200);
      const page = decodeRoomEventsResponse(text);
      if (!page.ok) throw new Error(page.error.message);
      pages.push(page.value);
      before = page.value.events[0]?.seq;
    } while (pages.at(-1)?.more === true);

    expect(pages.map((page) => page.events.length)).toEqual([5, 5, 5, 4]);
    for (const page of pages) {
      expect(page.epoch).toBe(target.app.broker.epoch);
      expect(page.events.every((event) => event.room === r)).toBe(true);
    }
    const all = pages.reverse().flatMap((page) => page.events.map((event) => event.seq));
    expect(all).toEqual(mine);
    // Default page and an empty one.
    const first = decodeRoomEventsResponse((await get(target, roomPath(r, "events"))).text);
    expect(first.ok && first.value.events.length).toBe(19);
    const none = decodeRoomEventsResponse(
      (await get(target, `${roomPath(r, "events")}?before=${mine[0]}`)).text,
    );
    expect(none.ok && [none.value.events, none.value.more]).toEqual([[], false]);
  });

  it("/state is the socket's catch-up, and resuming from its seq gets exactly what follows", async () => {
    const target = await hub(env());
    const r = room();
    const before = await target.publish([
      stats(r, 1),
      syncProgress(r, "job", "running", 0.2),
      ...playbacks(r, 6),
    ]);
    await fedThrough(target, before.at(-1) ?? 0);
    const { response, text } = await get(target, `${roomPath(r, "state")}?history=3`);
    expect(response.status).toBe(200);
    const decoded = decodeRoomStateResponse(text);
    if (!decoded.ok) throw new Error(decoded.error.message);
    const { epoch, seq, events } = decoded.value;
    expect(events.map((event) => event.seq)).toEqual([before[0], before[1], ...before.slice(-3)]);
    expect(seq).toBe(before.at(-1));
    const socket = await TestClient.ready(`${target.wsUrl}?rooms=${r}&history=3`);
    clients.push(socket);
    expect(socket.events()).toEqual(events);

    const after = await target.publish([playback(r, 100), stats(r, 2)]);
    const resumed = await TestClient.ready(
      `${target.wsUrl}?rooms=${r}&since=${seq}&epoch=${epoch}`,
    );
    clients.push(resumed);
    await resumed.waitForEvents(after.length);
    expect(resumed.events().map((event) => event.seq)).toEqual(after);
    expect(resumed.ofType("reset")).toEqual([]);
  });

  it("writes each event's data exactly as the producer did, as the socket does", async () => {
    const target = await hub(env());
    const r = room();
    const dataJson = '{"username":"ana",  "id":"p-\\u0026", "title":"Dune","media_type":"movie"}';
    const input = { room: r, type: "playback" as const, data: JSON.parse(dataJson), dataJson };
    const [seq = 0] = (await target.app.broker.publish([input])).seqs;
    await fedThrough(target, seq);
    const socket = await TestClient.ready(`${target.wsUrl}?rooms=${r}&history=1`);
    clients.push(socket);
    const { text } = await get(target, roomPath(r, "events"));
    expect(text).toContain(`"data":${dataJson},"room":"${r}"`);
    const frame = socket.raw.find((raw) => raw.startsWith('{"type":"playback"'));
    expect(frame).toContain(`"seq":${seq}`);
    expect(text).toContain(frame);
  });
});

describe("rooms HTTP API admission", { timeout: 60_000 }, () => {
  const auth = { HUB_AUTH: "jwt", HUB_AUTH_SECRET: TEST_SECRET };

  it("takes the upgrade's token sources and room grants, with its error bodies", async () => {
    const target = await hub(auth);
    await target.publish(playbacks("a", 2));
    const path = roomPath("a", "events");
    const token = await signToken({ sub: "u1", rooms: ["a"] });
    const refusal = async (p: string, init?: RequestInit) => {
      const { response, text } = await get(target, p, init);
      return [response.status, JSON.parse(text).error];
    };
    expect(await refusal(path)).toEqual([401, "missing_token"]);
    expect(await refusal(`${path}?access_token=nope`)).toEqual([401, "invalid_token"]);
    const expired = await signToken({ sub: "u1", rooms: ["a"] }, { expiresInSeconds: -60 });
    expect(await refusal(`${path}?access_token=${expired}`)).toEqual([401, "token_expired"]);
    const bearer = { headers: { authorization: `Bearer ${token}` } };
    expect(await refusal(roomPath("b", "state"), bearer)).toEqual([403, "forbidden"]);
    expect(await refusal("/api/v1/rooms/bad%20room/events", bearer)).toEqual([400, "bad_room"]);
    expect(await refusal(`${path}?limit=ten`, bearer)).toEqual([400, "bad_request"]);
    expect(await refusal("/api/v1/rooms/a/nothing", bearer)).toEqual([404, "not_found"]);

    const ok = async (p: string, init?: RequestInit) =>
      (await get(target, p, init)).response.status;
    expect(await ok(path, bearer)).toBe(200);
    expect(await ok(`${path}?access_token=${token}`)).toBe(200);
    expect(await ok(path, { headers: { cookie: `token=${token}` } })).toBe(200);
    expect(await ok("/api/v1/rooms/a/state", { method: "POST", ...bearer })).toBe(405);
  });

  it("answers browsers of allowed origins with CORS, refuses others as the upgrade does", async () => {
    const target = await hub({ ...auth, HUB_ALLOWED_ORIGINS: "http://app.test" });
    const token = await signToken({ sub: "u1", rooms: ["a"] });
    const path = roomPath("a", "events");
    const allowed = await get(target, path, {
      headers: { origin: "http://app.test", cookie: `token=${token}` },
    });
    expect(allowed.response.status).toBe(200);
    expect(allowed.response.headers.get("access-control-allow-origin")).toBe("http://app.test");
    expect(allowed.response.headers.get("access-control-allow-credentials")).toBe("true");
    const preflight = await get(target, path, {
      method: "OPTIONS",
      headers: { origin: "http://app.test", "access-control-request-headers": "authorization" },
    });
    expect(preflight.response.status).toBe(204);
    expect(preflight.response.headers.get("access-control-allow-headers")).toBe("authorization");
    const other = await get(target, path, {
      headers: { origin: "http://evil.test", authorization: `Bearer ${token}` },
    });
    expect([other.response.status, JSON.parse(other.text).error]).toEqual([
      403,
      "origin_not_allowed",
    ]);
    expect(other.response.headers.get("access-control-allow-origin")).toBeNull();

    const open = await hub(auth);
    const anyOrigin = await get(open, path, {
      headers: { origin: "http://elsewhere.test", authorization: `Bearer ${token}` },
    });
    expect(anyOrigin.response.status).toBe(200);
    expect(anyOrigin.response.headers.get("access-control-allow-origin")).toBe("*");
    // Without an allow-list a cookie is taken only from the hub's own origin, as on the socket.
    const cookieElsewhere = await get(open, path, {
      headers: { origin: "http://elsewhere.test", cookie: `token=${token}` },
    });
    expect(JSON.parse(cookieElsewhere.text).error).toBe("origin_not_allowed");
  });
});
