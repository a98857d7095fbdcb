import type { IndicatorMessage, PresenceMember } from "@pulseboard/protocol";
import { afterEach, describe, expect, it, vi } from "vitest";
import { applyBatch, type PulseData } from "../src/apply-batch.js";
import { connectStore } from "../src/connect-store.js";
import { createConnection } from "../src/connection.js";
import { MAX_INDICATORS_PER_ROOM } from "../src/defaults.js";
import {
  activeIndicators,
  nextIndicatorExpiry,
  pruneAllIndicators,
  pruneIndicators,
  reduceCollab,
  reduceIndicator,
  reduceJoin,
  reduceLeave,
  reducePresenceSnapshot,
} from "../src/presence-reducers.js";
import { emptyPresence, type RoomPresence } from "../src/presence-state.js";
import { createPulseStore } from "../src/store.js";
import { FakeSocket } from "./support/fake-socket.js";

const ana: PresenceMember = { id: "u-ana", name: "Ana" };
const bo: PresenceMember = { id: "u-bo", name: "Bo" };

function indicator(
  from: PresenceMember,
  kind: string,
  { connection = `${from.id}-c1`, ttl = 5_000, payload = undefined as unknown, room = "r" } = {},
): IndicatorMessage["data"] {
  return {
    room,
    kind,
    payload,
    ttl_ms: ttl,
    from: { ...from, connection_id: connection },
    ts: "2026-11-21T23:00:00.000Z",
  };
}

const frozen = (room: RoomPresence) => Object.freeze(room);

describe("presence reducers", () => {
  it("a snapshot replaces the members and keeps only present users' indicators", () => {
    let room = reduceIndicator(emptyPresence, indicator(ana, "viewing"), 0);
    room = reduceIndicator(room, indicator(bo, "viewing"), 0);
    const next = reducePresenceSnapshot(frozen(room), [bo]);
    expect(next.members).toEqual([bo]);
    expect(next.indicators.map((i) => i.from.id)).toEqual(["u-bo"]);
  });

  it("join adds a user once (a new name updates it); leave removes them and their indicators", () => {
    let room = reduceJoin(emptyPresence, ana);
    expect(reduceJoin(frozen(room), ana)).toBe(room);
    room = reduceJoin(frozen(room), bo);
    expect(room.members).toEqual([ana, bo]);
    const renamed = reduceJoin(frozen(room), { id: "u-bo", name: "Bob" });
    expect(renamed.members).toEqual([ana, { id: "u-bo", name: "Bob" }]);
    room = reduceIndicator(room, indicator(bo, "annotating"), 0);
    const left = reduceLeave(frozen(room), bo);
    expect(left).toEqual({ members: [ana], indicators: [] });
    expect(reduceLeave(frozen(left), bo)).toBe(left);
  });

  it("keeps one indicator per connection and kind, newest first, with its expiry", () => {
    let room = reduceIndicator(emptyPresence, indicator(ana, "viewing", { payload: 1 }), 100);
    room = reduceIndicator(frozen(room), indicator(ana, "annotating"), 200);
    room = reduceIndicator(frozen(room), indicator(ana, "viewing", { payload: 2 }), 300);
    room = reduceIndicator(
      frozen(room),
      indicator(ana, "viewing", { connection: "other-tab", payload: 3 }),
      400,
    );
    expect(room.indicators.map((i) => [i.kind, i.payload, i.expiresAt])).toEqual([
      ["viewing", 3, 5_400],
      ["viewing", 2, 5_300],
      ["annotating", undefined, 5_200],
    ]);
  });

  it("bounds the indicators of a room", () => {
    let room = emptyPresence;
    for (let i = 0; i < MAX_INDICATORS_PER_ROOM + 10; i++) {
      room = reduceIndicator(room, indicator(ana, `k${i}`), i);
    }
    expect(room.indicators).toHaveLength(MAX_INDICATORS_PER_ROOM);
    expect(room.indicators[0]?.kind).toBe(`k${MAX_INDICATORS_PER_ROOM + 9}`);
  });

  it("prunes expired indicators, returning the same object when nothing expired", () => {
    let room = reduceIndicator(emptyPresence, indicator(ana, "a", { ttl: 1_000 }), 0);
    room = reduceIndicator(room, indicator(ana, "b", { ttl: 3_000 }), 0);
    expect(pruneIndicators(room, 999)).toBe(room);
    expect(pruneIndicators(room, 1_000).indicators.map((i) => i.kind)).toEqual(["b"]);
    expect(activeIndicators(room, 2_000).map((i) => i.kind)).toEqual(["b"]);
    expect(activeIndicators(undefined, 0)).toEqual([]);
    const presence = { r: room, s: emptyPresence };
    expect(nextIndicatorExpiry(presence)).toBe(1_000);
    expect(pruneAllIndicators(presence, 500)).toBe(presence);
    const pruned = pruneAllIndicators(presence, 5_000);
    expect(pruned.r?.indicators).toEqual([]);
    expect(pruned.s).toBe(presence.s);
    expect(nextIndicatorExpiry(pruned)).toBeUndefined();
  });

  it("reduceCollab routes by room and keeps untouched rooms", () => {
    const start = { other: emptyPresence };
    const next = reduceCollab(start, { type: "presence", data: { room: "r", members: [ana] } }, 0);
    expect(next.r?.members).toEqual([ana]);
    expect(next.other).toBe(start.other);
    const joined = reduceCollab(next, { type: "join", data: { room: "r", member: bo } }, 0);
    const left = reduceCollab(joined, { type: "leave", data: { room: "r", member: ana } }, 0);
    expect(left.r?.members).toEqual([bo]);
    const same = reduceCollab(left, { type: "leave", data: { room: "r", member: ana } }, 0);
    expect(same).toBe(left);
  });

  it("applyBatch applies collaboration messages in order and forgets them when the link is lost", () => {
    const data: PulseData = {
      connection: { status: "open", connectionId: "c" },
      rooms: {},
      presence: {},
      lastEventAt: undefined,
      latency: { roundTripMs: undefined, eventLagMs: undefined },
    };
    const next = applyBatch(
      data,
      [
        {
          kind: "collab",
          message: { type: "presence", data: { room: "r", members: [ana] } },
          receivedAt: 0,
        },
        {
          kind: "collab",
          message: { type: "join", data: { room: "r", member: bo } },
          receivedAt: 0,
        },
      ],
      0,
    );
    expect(next.presence.r?.members).toEqual([ana, bo]);
    expect(next.rooms).toEqual({});
    const lost = applyBatch({ ...data, presence: next.presence }, [{ kind: "presence_lost" }], 0);
    expect(lost.presence).toEqual({});
  });
});

describe("connection.publish and the store", () => {
  afterEach(() => vi.useRealTimers());

  it("asks for presence=1, sends publish, and expires indicators on time", async () => {
    vi.useFakeTimers({ now: 0 });
    FakeSocket.reset();
    const connection = createConnection({
      url: "ws://hub.test/ws",
      rooms: ["r"],
      presence: true,
      WebSocket: FakeSocket,
      network: null,
    });
    const store = createPulseStore();
    const stop = connectStore(store, connection);
    expect(connection.publish("r", "viewing")).toBe(false);
    await vi.advanceTimersByTimeAsync(0);
    const socket = FakeSocket.last;
    expect(socket.param("presence")).toBe("1");
    socket.serverOpen();
    socket.serverWelcome({ rooms: ["r"] });

    expect(connection.publish("r", "viewing", { payload: { panel: 3 }, ttlMs: 2_000 })).toBe(true);
    expect(socket.sentOfType("publish")).toEqual([
      {
        type: "publish",
        id: expect.any(String),
        data: { room: "r", kind: "viewing", payload: { panel: 3 }, ttl_ms: 2_000 },
      },
    ]);

    socket.serverSend(
      { type: "presence", data: { room: "r", members: [ana] } },
      { type: "indicator", data: { ...indicator(ana, "viewing", { ttl: 2_000 }), room: "r" } },
    );
    await vi.advanceTimersByTimeAsync(0);
    expect(store.getState().presence.r?.members).toEqual([ana]);
    expect(store.getState().presence.r?.indicators).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1_999);
    expect(store.getState().presence.r?.indicators).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(store.getState().presence.r?.indicators).toEqual([]);

    // A lost link forgets who was there; the next connection's snapshot refills it.
    socket.serverClose(1006);
    await vi.advanceTimersByTimeAsync(0);
    expect(store.getState().presence).toEqual({});
    stop();
    connection.close();
  });

  it("does not ask for presence unless told to", async () => {
    FakeSocket.reset();
    const connection = createConnection({
      url: "ws://hub.test/ws",
      WebSocket: FakeSocket,
      network: null,
    });
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(FakeSocket.last.param("presence")).toBeNull();
    connection.close();
  });
});
