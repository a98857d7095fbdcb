import { CloseCode, type ServerEvent } from "@pulseboard/protocol";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { type Connection, type ConnectionOptions, createConnection } from "../src/connection.js";
import type { ConnectionState } from "../src/connection-state.js";
import { event, playbackData, statsData } from "./support/events.js";
import { FakeNetwork } from "./support/fake-network.js";
import { FakeSocket } from "./support/fake-socket.js";
import { jwt } from "./support/jwt.js";

const START = 1_800_000_000_000;
let connection: Connection | undefined;

beforeEach(() => {
  vi.useFakeTimers({ now: START });
  FakeSocket.reset();
});

afterEach(() => {
  connection?.close();
  connection = undefined;
  vi.useRealTimers();
});

/** Lets promise callbacks (the token lookup) run, without moving the clock. */
const settle = () => vi.advanceTimersByTimeAsync(0);

async function connect(options: Partial<ConnectionOptions> = {}) {
  const events: ServerEvent[] = [];
  const resets: string[][] = [];
  const states: ConnectionState[] = [];
  const created = createConnection({
    url: "ws://hub.test/ws",
    rooms: ["global"],
    WebSocket: FakeSocket,
    random: () => 0.5,
    network: null,
    listener: {
      onEvent: (e) => events.push(e),
      onReset: (rooms) => resets.push([...rooms]),
    },
    ...options,
  });
  connection = created;
  created.subscribe((state) => states.push(state));
  await settle();
  return {
    connection: created,
    events,
    resets,
    states,
    statuses: () => states.map((s) => s.status),
  };
}

/** Opens the current socket and completes the welcome + catch-up. */
function accept(options: Parameters<FakeSocket["serverWelcome"]>[0] = {}): FakeSocket {
  const socket = FakeSocket.last;
  socket.serverOpen();
  socket.serverWelcome(options);
  return socket;
}

describe("connecting", () => {
  it("connects with the rooms and the pulseboard.v1 subprotocol, and goes open", async () => {
    const { connection: c, statuses } = await connect({ rooms: ["global", "dash:1"] });
    expect(c.getState()).toEqual({ status: "connecting", attempt: 0 });
    const socket = FakeSocket.last;
    expect(socket.url.pathname).toBe("/ws");
    expect(socket.param("rooms")).toBe("global,dash:1");
    expect(socket.param("since")).toBeNull();
    expect(socket.protocols).toEqual(["pulseboard.v1"]);
    accept({ rooms: ["global", "dash:1"] });
    expect(c.getState()).toEqual({ status: "open", connectionId: "c1" });
    expect(statuses()).toEqual(["open", "open"]);
  });

  it("with no rooms lets the hub pick its defaults and keeps them for reconnects", async () => {
    const { connection: c } = await connect({ rooms: [] });
    expect(FakeSocket.last.param("rooms")).toBeNull();
    accept({ rooms: ["global"], seq: 4 });
    expect(c.getRooms()).toEqual(["global"]);
    FakeSocket.last.serverClose(1006);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(FakeSocket.last.param("rooms")).toBe("global");
    expect(FakeSocket.last.param("since")).toBe("4");
  });

  it("rejects invalid room names and URLs at once", () => {
    expect(() =>
      createConnection({ url: "ws://h/ws", rooms: ["a b"], WebSocket: FakeSocket }),
    ).toThrow(/invalid room/);
    expect(() => createConnection({ url: "::", rooms: [], WebSocket: FakeSocket })).toThrow();
  });
});

describe("reconnecting", () => {
  it("backs off with full jitter: 250 ms, then 500 ms, then 1 s (random = 0.5)", async () => {
    const { connection: c } = await connect();
    accept();
    FakeSocket.last.serverClose(1006);
    expect(c.getState()).toEqual({
      status: "reconnecting",
      attempt: 1,
      nextTryAt: START + 250,
      lastClose: { code: 1006, reason: "" },
    });
    await vi.advanceTimersByTimeAsync(249);
    expect(FakeSocket.instances).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(FakeSocket.instances).toHaveLength(2);
    expect(c.getState()).toEqual({ status: "connecting", attempt: 1 });

    // Refused again (never opened): the ceiling doubles.
    FakeSocket.last.serverClose(1006);
    expect(c.getState()).toMatchObject({
      status: "reconnecting",
      attempt: 2,
      nextTryAt: START + 750,
    });
    await vi.advanceTimersByTimeAsync(500);
    expect(FakeSocket.instances).toHaveLength(3);
    FakeSocket.last.serverClose(1006);
    expect(c.getState()).toMatchObject({ attempt: 3, nextTryAt: START + 1750 });
  });

  it("starts the backoff over once a connection stayed up", async () => {
    const { connection: c } = await connect();
    accept();
    FakeSocket.last.serverClose(1006);
    await vi.advanceTimersByTimeAsync(250);
    FakeSocket.last.serverClose(1006);
    await vi.advanceTimersByTimeAsync(500);
    accept();
    await vi.advanceTimersByTimeAsync(10_000);
    FakeSocket.last.serverClose(1006);
    expect(c.getState()).toMatchObject({ attempt: 1, nextTryAt: Date.now() + 250 });
  });

  it("resumes with since and epoch, and the rooms", async () => {
    const { events } = await connect({ rooms: ["global", "b"] });
    const first = accept({ epoch: "e7", seq: 40, rooms: ["global", "b"] });
    first.serverSend(
      event("playback", playbackData(1), 41),
      event("playback", playbackData(2), 43, "b"),
    );
    first.serverClose(1006);
    await vi.advanceTimersByTimeAsync(250);
    const second = FakeSocket.last;
    expect(second.param("since")).toBe("43");
    expect(second.param("epoch")).toBe("e7");
    expect(second.param("rooms")).toBe("global,b");
    // The hub replays from 43 on; a duplicate (seq ≤ 43) is dropped however it arrives.
    second.serverOpen();
    second.serverSend(
      event("playback", playbackData(2), 43, "b"),
      event("playback", playbackData(3), 44),
      event("playback", playbackData(3), 44),
    );
    expect(events.map((e) => e.seq)).toEqual([41, 43, 44]);
  });

  it("takes one message per frame: a JSON array (no batch form exists) is dropped", async () => {
    const { events } = await connect();
    const socket = accept({ seq: 40 });
    const one = JSON.stringify(event("playback", playbackData(1), 41));
    const two = JSON.stringify(event("playback", playbackData(2), 42));
    socket.serverSend(`[${one},${two}]`, two);
    expect(events.map((e) => e.seq)).toEqual([42]);
  });

  it("honours a 1001's retry_ms, jittered by ±20 %", async () => {
    const { connection: c } = await connect({ random: () => 0 });
    accept();
    FakeSocket.last.serverClose(CloseCode.GOING_AWAY, '{"retry_ms":3000}');
    expect(c.getState()).toMatchObject({ status: "reconnecting", nextTryAt: START + 2400 });
    await vi.advanceTimersByTimeAsync(2399);
    expect(FakeSocket.instances).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(FakeSocket.instances).toHaveLength(2);
  });

  it("comes back almost at once after 4008, resuming from the last seq", async () => {
    const { connection: c } = await connect();
    const socket = accept({ seq: 9 });
    socket.serverSend(event("stats_update", statsData(1), 10));
    socket.serverClose(CloseCode.SLOW_CONSUMER, "slow consumer: resume with since");
    expect(c.getState()).toMatchObject({ nextTryAt: START + 125 });
    await vi.advanceTimersByTimeAsync(125);
    expect(FakeSocket.last.param("since")).toBe("10");
  });

  it("asks the token function again after 4001", async () => {
    let n = 0;
    const token = vi.fn(() => `token-${++n}`);
    await connect({ token });
    expect(FakeSocket.last.param("access_token")).toBe("token-1");
    accept();
    FakeSocket.last.serverClose(CloseCode.TOKEN_EXPIRED, "token expired");
    await vi.advanceTimersByTimeAsync(125);
    expect(token).toHaveBeenCalledTimes(2);
    expect(FakeSocket.last.param("access_token")).toBe("token-2");
  });

  it("retries with backoff when the token function fails", async () => {
    const token = vi.fn(async () => {
      throw new Error("auth server down");
    });
    const { connection: c } = await connect({ token });
    expect(FakeSocket.instances).toHaveLength(0);
    expect(c.getState()).toMatchObject({
      status: "reconnecting",
      attempt: 1,
      lastClose: undefined,
    });
  });

  it("ignores a late close of a socket it already gave up", async () => {
    const { connection: c } = await connect();
    const old = accept();
    old.serverClose(1006);
    await vi.advanceTimersByTimeAsync(250);
    accept();
    old.onclose?.({ code: 1006, reason: "" });
    expect(c.getState().status).toBe("open");
  });
});

describe("resume semantics", () => {
  it("forwards reset and takes the snapshot that follows, even with lower seqs", async () => {
    const { events, resets } = await connect();
    const first = accept({ epoch: "old", seq: 100 });
    first.serverSend(event("playback", playbackData(1), 101));
    first.serverClose(CloseCode.GOING_AWAY, '{"retry_ms":500}');
    await vi.advanceTimersByTimeAsync(600);
    const second = FakeSocket.last;
    expect(second.param("epoch")).toBe("old");
    second.serverOpen();
    second.serverSend(
      {
        type: "welcome",
        data: {
          connection_id: "c2",
          protocol: 1,
          epoch: "new",
          seq: 3,
          rooms: ["global"],
          heartbeat_ms: 30_000,
        },
      },
      { type: "reset", data: { rooms: ["global"], reason: "epoch" } },
      event("stats_update", statsData(2), 2),
      { type: "subscribed", data: { rooms: ["global"], seq: 3 } },
      event("playback", playbackData(4), 4),
    );
    expect(resets).toEqual([["global"]]);
    expect(events.map((e) => e.seq)).toEqual([101, 2, 4]);
  });

  it("subscribes and unsubscribes while open, and keeps the set across reconnects", async () => {
    const { connection: c, events } = await connect();
    const socket = accept({ seq: 10 });
    c.subscribeRooms(["dash:1", "global"]);
    c.unsubscribeRooms(["global"]);
    expect(socket.sent.filter((m) => m.type !== "ping")).toEqual([
      { type: "subscribe", id: "c-1", data: { rooms: ["dash:1"] } },
      { type: "unsubscribe", id: "c-2", data: { rooms: ["global"] } },
    ]);
    // The new room's snapshot may be older than what was processed: taken all the same.
    socket.serverSend(
      event("stats_update", statsData(5), 7, "dash:1"),
      { type: "subscribed", data: { rooms: ["dash:1"], seq: 12 }, ref: "c-1" },
      { type: "unsubscribed", data: { rooms: ["global"] }, ref: "c-2" },
      event("playback", playbackData(1), 13, "dash:1"),
    );
    expect(events.map((e) => e.seq)).toEqual([7, 13]);
    socket.serverClose(1006);
    await vi.advanceTimersByTimeAsync(250);
    expect(FakeSocket.last.param("rooms")).toBe("dash:1");
    expect(FakeSocket.last.param("since")).toBe("13");
  });

  it("gives a room added while disconnected a snapshot, not a replay", async () => {
    const { connection: c } = await connect();
    accept({ seq: 10 });
    FakeSocket.last.serverClose(1006);
    c.subscribeRooms(["late"]);
    await vi.advanceTimersByTimeAsync(250);
    const socket = FakeSocket.last;
    expect(socket.param("rooms")).toBe("global");
    expect(socket.param("since")).toBe("10");
    socket.serverOpen();
    expect(socket.sentOfType("subscribe")).toEqual([
      { type: "subscribe", id: "c-1", data: { rooms: ["late"] } },
    ]);
  });

  it("drops a room the hub unsubscribed on its own (token no longer grants it)", async () => {
    const { connection: c } = await connect({ rooms: ["global", "secret"] });
    const socket = accept({ rooms: ["global", "secret"] });
    socket.serverSend({ type: "unsubscribed", data: { rooms: ["secret"] } });
    expect(c.getRooms()).toEqual(["global"]);
  });
});

describe("heartbeat", () => {
  it("pings on open and every interval, and measures the round trip", async () => {
    const roundTrips: number[] = [];
    const { connection: c } = await connect({ heartbeatMs: 1000 });
    c.addListener({ onRoundTrip: (ms) => roundTrips.push(ms) });
    const socket = accept();
    expect(socket.sentOfType("ping")).toEqual([{ type: "ping", id: "hb-1" }]);
    await vi.advanceTimersByTimeAsync(30);
    socket.serverSend({ type: "pong", data: null, ref: "hb-1" });
    await vi.advanceTimersByTimeAsync(970);
    expect(socket.sentOfType("ping")).toHaveLength(2);
    socket.serverSend({ type: "pong", data: null, ref: "stale" });
    expect(roundTrips).toEqual([30]);
  });

  it("reconnects when no frame at all arrived for two intervals", async () => {
    const { connection: c } = await connect({ heartbeatMs: 1000 });
    const socket = accept();
    await vi.advanceTimersByTimeAsync(1500);
    socket.serverSend({ type: "pong", data: null, ref: "hb-2" });
    await vi.advanceTimersByTimeAsync(1999);
    expect(c.getState().status).toBe("open");
    await vi.advanceTimersByTimeAsync(1);
    expect(c.getState()).toMatchObject({
      status: "reconnecting",
      lastClose: { code: 1006, reason: expect.stringMatching(/heartbeat/) },
    });
    expect(socket.closedByClient).toEqual({ code: 1000, reason: "client closing" });
  });
});

describe("network and closing", () => {
  it("goes offline on `offline` and retries at once on `online`", async () => {
    const network = new FakeNetwork();
    const { connection: c, statuses } = await connect({ network });
    const socket = accept();
    network.emit("offline");
    expect(c.getState()).toEqual({ status: "offline" });
    expect(socket.closedByClient).toEqual({ code: 1000, reason: "client closing" });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(FakeSocket.instances).toHaveLength(1);
    network.emit("online");
    await settle();
    expect(FakeSocket.instances).toHaveLength(2);
    expect(statuses()).toEqual(["open", "open", "offline", "connecting"]);
  });

  it("close() is final: no reconnect, listeners removed", async () => {
    const network = new FakeNetwork();
    const { connection: c } = await connect({ network });
    const socket = accept();
    c.close();
    expect(c.getState()).toEqual({ status: "closed" });
    expect(socket.closedByClient).toEqual({ code: 1000, reason: "client closing" });
    expect(network.count("online")).toBe(0);
    network.emit("online");
    await vi.advanceTimersByTimeAsync(60_000);
    expect(FakeSocket.instances).toHaveLength(1);
  });

  it("close() while the token is being fetched opens nothing", async () => {
    let release: (token: string) => void = () => {};
    const token = () => new Promise<string>((resolve) => (release = resolve));
    const { connection: c } = await connect({ token });
    c.close();
    release("late");
    await settle();
    expect(FakeSocket.instances).toHaveLength(0);
  });

  it("retryNow() skips the backoff wait", async () => {
    const { connection: c } = await connect();
    accept();
    FakeSocket.last.serverClose(1006);
    c.retryNow();
    await settle();
    expect(FakeSocket.instances).toHaveLength(2);
  });
});

describe("token refresh", () => {
  // Nobody answers pings here; keep the watchdog out of the way.
  const heartbeatMs = 10_000_000;

  it("sends `refresh` with a newer token before the JWT expires", async () => {
    const expiries = [START / 1000 + 300, START / 1000 + 900];
    let n = 0;
    const token = vi.fn(() => jwt({ exp: expiries[Math.min(n++, 1)] }));
    await connect({ token, heartbeatMs });
    const socket = accept();
    // 300 s token, 60 s lead: refreshed at 240 s.
    await vi.advanceTimersByTimeAsync(239_999);
    expect(socket.sentOfType("refresh")).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(socket.sentOfType("refresh")).toEqual([
      { type: "refresh", id: "c-1", data: { token: jwt({ exp: expiries[1] }) } },
    ]);
  });

  it("asks again when the source has no newer token yet", async () => {
    const fixed = jwt({ exp: START / 1000 + 100 });
    const token = vi.fn(() => fixed);
    await connect({ token, heartbeatMs });
    accept();
    await vi.advanceTimersByTimeAsync(50_000);
    expect(token).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(token).toHaveBeenCalledTimes(3);
  });

  it("never refreshes tokens that are not JWTs", async () => {
    const token = vi.fn(() => "opaque");
    await connect({ token, heartbeatMs });
    const socket = accept();
    await vi.advanceTimersByTimeAsync(3_600_000);
    expect(socket.sentOfType("refresh")).toEqual([]);
  });
});
