import type { ServerEvent } from "@pulseboard/protocol";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { AppendError } from "../src/append-error.js";
import { type Connection, type ConnectionOptions, createConnection } from "../src/connection.js";
import { event, playbackData } from "./support/events.js";
import { FakeSocket } from "./support/fake-socket.js";

/** Protocol 1.1 on the connection: `history`, resuming from a hydrated state, `append`. */

let connection: Connection | undefined;

beforeEach(() => {
  vi.useFakeTimers({ now: 1_800_000_000_000 });
  FakeSocket.reset();
});

afterEach(() => {
  connection?.close();
  connection = undefined;
  vi.useRealTimers();
});

const settle = () => vi.advanceTimersByTimeAsync(0);

async function connect(options: Partial<ConnectionOptions> = {}) {
  const events: { event: ServerEvent; catchUp: boolean }[] = [];
  connection = createConnection({
    url: "ws://hub.test/ws",
    rooms: ["global"],
    WebSocket: FakeSocket,
    random: () => 0.5,
    network: null,
    listener: { onEvent: (e, _at, catchUp) => events.push({ event: e, catchUp }) },
    ...options,
  });
  await settle();
  return { connection, events };
}

describe("history", () => {
  it("asks for history=N on a fresh connect, and flags the catch-up's events as past", async () => {
    const { events } = await connect({ history: 200 });
    const socket = FakeSocket.last;
    expect(socket.param("history")).toBe("200");
    expect(socket.param("since")).toBeNull();
    socket.serverOpen();
    socket.serverWelcome({ seq: 9 }, false);
    socket.serverSend(event("playback", playbackData(1), 8));
    socket.serverSend({ type: "subscribed", data: { rooms: ["global"], seq: 9 } });
    socket.serverSend(event("playback", playbackData(2), 10));
    expect(events.map((e) => [e.event.seq, e.catchUp])).toEqual([
      [8, true],
      [10, false],
    ]);
  });

  it("resumes with since (no history) once it has a position", async () => {
    await connect({ history: 200 });
    const first = FakeSocket.last;
    first.serverOpen();
    first.serverWelcome({ seq: 9 });
    first.serverClose(1006);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(FakeSocket.last).not.toBe(first);
    expect(FakeSocket.last.param("since")).toBe("9");
    expect(FakeSocket.last.param("history")).toBeNull();
  });

  it("sends history in the subscribe of rooms added later", async () => {
    const { connection: c } = await connect({ history: 50 });
    FakeSocket.last.serverOpen();
    FakeSocket.last.serverWelcome({ seq: 3 });
    c.subscribeRooms(["dashboard:1"]);
    expect(FakeSocket.last.sentOfType("subscribe").map((m) => m.data)).toEqual([
      { rooms: ["dashboard:1"], history: 50 },
    ]);
  });
});

describe("history per subscription", () => {
  it("sends a room's own history in its subscribe, over the connection's", async () => {
    const { connection: c } = await connect({ history: 50 });
    FakeSocket.last.serverOpen();
    FakeSocket.last.serverWelcome({ seq: 3 });
    c.subscribeRooms(["dashboard:1"], { history: 5 });
    c.subscribeRooms(["dashboard:2"]);
    expect(FakeSocket.last.sentOfType("subscribe").map((m) => m.data)).toEqual([
      { rooms: ["dashboard:1"], history: 5 },
      { rooms: ["dashboard:2"], history: 50 },
    ]);
  });

  it("leaves a room with a history of its own out of the connect URL, for a subscribe", async () => {
    connection = createConnection({
      url: "ws://hub.test/ws",
      rooms: ["global"],
      history: 50,
      WebSocket: FakeSocket,
      network: null,
    });
    connection.subscribeRooms(["dashboard:9"], { history: 500 });
    await settle();
    const socket = FakeSocket.last;
    expect(socket.param("rooms")).toBe("global");
    expect(socket.param("history")).toBe("50");
    socket.serverOpen();
    expect(socket.sentOfType("subscribe").map((m) => m.data)).toEqual([
      { rooms: ["dashboard:9"], history: 500 },
    ]);
  });
});

describe("continuing from a hydrated state", () => {
  it("connects with since=seq&epoch=epoch of the state, not with history", async () => {
    const { events } = await connect({ history: 200, resume: { since: 41, epoch: "e7" } });
    const socket = FakeSocket.last;
    expect(socket.param("since")).toBe("41");
    expect(socket.param("epoch")).toBe("e7");
    expect(socket.param("history")).toBeNull();
    socket.serverOpen();
    socket.serverWelcome({ epoch: "e7", seq: 43 }, false);
    // The replay of what came after the state, then live; an event at or below 41 is a duplicate.
    socket.serverSend(event("playback", playbackData(1), 41));
    socket.serverSend(event("playback", playbackData(2), 42));
    socket.serverSend(event("playback", playbackData(3), 43));
    expect(events.map((e) => e.event.seq)).toEqual([42, 43]);
  });

  it("subscribes a hydrated room with its own point while open", async () => {
    const { connection: c } = await connect({ history: 200 });
    FakeSocket.last.serverOpen();
    FakeSocket.last.serverWelcome({ seq: 90 });
    c.subscribeRooms(["dashboard:2"], { resume: { since: 70, epoch: "e1" } });
    expect(FakeSocket.last.sentOfType("subscribe").map((m) => m.data)).toEqual([
      { rooms: ["dashboard:2"], since: 70, epoch: "e1" },
    ]);
  });

  it("a hydrated room added while disconnected goes into the next connect URL with its point", async () => {
    connection = createConnection({
      url: "ws://hub.test/ws",
      rooms: [],
      WebSocket: FakeSocket,
      network: null,
    });
    connection.subscribeRooms(["dashboard:3"], { resume: { since: 12, epoch: "e2" } });
    await settle();
    expect(FakeSocket.last.param("rooms")).toBe("dashboard:3");
    expect(FakeSocket.last.param("since")).toBe("12");
    expect(FakeSocket.last.param("epoch")).toBe("e2");
  });
});

describe("append", () => {
  it("resolves with the seq of `appended` and rejects with the hub's error", async () => {
    const { connection: c } = await connect();
    const socket = FakeSocket.last;
    socket.serverOpen();
    socket.serverWelcome();
    const accepted = c.append("global", "alert_acknowledged", { alert_id: 7 });
    const sent = socket.sentOfType("append");
    expect(sent.map((m) => m.data)).toEqual([
      { room: "global", type: "alert_acknowledged", data: { alert_id: 7 } },
    ]);
    socket.serverSend({ type: "appended", data: { room: "global", seq: 44 }, ref: sent[0]?.id });
    await expect(accepted).resolves.toEqual({ seq: 44 });

    const refused = c.append("global", "alert_acknowledged", { alert_id: 8 });
    const ref = socket.sentOfType("append")[1]?.id;
    socket.serverSend({
      type: "error",
      data: { code: "forbidden", message: "no publish grant", ref },
      ref,
    });
    await expect(refused).rejects.toMatchObject({ name: "AppendError", code: "forbidden" });
  });

  it("rejects at once when not open, and with `closed` when the socket goes first", async () => {
    const { connection: c } = await connect();
    await expect(c.append("global", "alert_acknowledged", { alert_id: 1 })).rejects.toEqual(
      new AppendError("not_connected", "the connection is not open"),
    );
    FakeSocket.last.serverOpen();
    FakeSocket.last.serverWelcome();
    const pending = c.append("global", "alert_acknowledged", { alert_id: 1 });
    FakeSocket.last.serverClose(1006);
    await expect(pending).rejects.toMatchObject({ code: "closed" });
  });
});
