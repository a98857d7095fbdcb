import { describe, expect, it } from "vitest";
import { applyBatch, type PulseData } from "../src/apply-batch.js";
import { MAX_ALERTS, MAX_RECENT_PLAYBACKS } from "../src/defaults.js";
import { countEvents, refreshRate } from "../src/event-rate.js";
import {
  reduceAlertAcknowledged,
  reduceDashboardRefresh,
  reduceDetectionAlert,
  reduceEvent,
  reducePlayback,
  reduceStatsUpdate,
  reduceSyncCompleted,
  reduceSyncProgress,
  sessionKey,
} from "../src/reducers.js";
import { emptyRoom, type RoomState } from "../src/room-state.js";
import {
  ackData,
  alertData,
  at,
  event,
  playbackData,
  received,
  statsData,
  syncData,
} from "./support/events.js";

function frozen(room: RoomState): RoomState {
  return Object.freeze(room);
}

describe("playback", () => {
  it("lists playbacks newest first, bounded at 200", () => {
    let room = emptyRoom;
    for (let n = 0; n < MAX_RECENT_PLAYBACKS + 5; n++) {
      room = reducePlayback(frozen(room), received(playbackData(n), n + 1));
    }
    expect(room.playbacks).toHaveLength(MAX_RECENT_PLAYBACKS);
    expect(room.playbacks[0]?.data.id).toBe(`p-${MAX_RECENT_PLAYBACKS + 4}`);
    expect(room.playbacks.at(-1)?.data.id).toBe("p-5");
  });

  it("updates a re-sent playback (same id or event_id) instead of listing it twice", () => {
    let room = reducePlayback(emptyRoom, received(playbackData(1), 1));
    room = reducePlayback(room, received(playbackData(2), 2));
    room = reducePlayback(room, received(playbackData(1, { percent_complete: 50 }), 3));
    expect(room.playbacks.map((p) => [p.data.id, p.seq])).toEqual([
      ["p-1", 3],
      ["p-2", 2],
    ]);
    const byEventId = { event_id: "e-9", username: "u", title: "t", media_type: "episode" };
    room = reducePlayback(room, received(byEventId, 4));
    room = reducePlayback(room, received(byEventId, 5));
    expect(room.playbacks.filter((p) => p.data.event_id === "e-9")).toHaveLength(1);
  });

  it("tracks active sessions by session_key, else user+title, with the newest percent", () => {
    let room = reducePlayback(
      emptyRoom,
      received(playbackData(1, { session_key: "s1", percent_complete: 10 }), 1),
    );
    room = reducePlayback(room, received(playbackData(2, { id: "p-2b" }), 2));
    room = reducePlayback(
      room,
      received(playbackData(3, { session_key: "s1", percent_complete: 40 }), 3),
    );
    room = reducePlayback(room, received(playbackData(2, { id: "p-2c", percent_complete: 5 }), 4));
    expect(room.sessions.map((s) => [s.key, s.percentComplete])).toEqual([
      ["user:user2\u0000Title 2", 5],
      ["session:s1", 40],
    ]);
    // An update without a percentage keeps the last one; 100 % ends the session.
    room = reducePlayback(room, received(playbackData(4, { session_key: "s1" }), 5));
    expect(room.sessions.find((s) => s.key === "session:s1")?.percentComplete).toBe(40);
    room = reducePlayback(
      room,
      received(playbackData(5, { session_key: "s1", percent_complete: 100 }), 6),
    );
    expect(room.sessions.map((s) => s.key)).toEqual(["user:user2\u0000Title 2"]);
  });
});

describe("stats_update", () => {
  it("keeps the latest stats and ignores an older seq", () => {
    let room = reduceStatsUpdate(emptyRoom, received(statsData(5), 10));
    room = reduceStatsUpdate(frozen(room), received(statsData(7), 12));
    expect(room.stats?.data.total_count).toBe(7);
    const same = reduceStatsUpdate(room, received(statsData(6), 11));
    expect(same).toBe(room);
  });
});

describe("sync_progress", () => {
  it("tracks running syncs by correlation_id", () => {
    let room = reduceSyncProgress(emptyRoom, received(syncData("a", "running", 0.1), 1));
    room = reduceSyncProgress(room, received(syncData("b", "running", 0.2), 2));
    room = reduceSyncProgress(frozen(room), received(syncData("a", "running", 0.6), 3));
    expect(room.syncs.a?.data.progress).toBe(0.6);
    expect(room.syncs.b?.data.progress).toBe(0.2);
    expect(reduceSyncProgress(room, received(syncData("a", "running", 0.3), 2))).toBe(room);
  });

  it("moves a completed (or failed, or canceled) sync to the finished list", () => {
    let room = reduceSyncProgress(emptyRoom, received(syncData("a", "running"), 1));
    room = reduceSyncProgress(room, received(syncData("b", "running"), 2));
    room = reduceSyncProgress(room, received(syncData("a", "completed", 1), 3));
    room = reduceSyncProgress(room, received(syncData("b", "error", 0.4), 4));
    expect(Object.keys(room.syncs)).toEqual([]);
    expect(room.finishedSyncs.map((s) => [s.data.correlation_id, s.data.status])).toEqual([
      ["b", "error"],
      ["a", "completed"],
    ]);
  });

  it("accepts {done,total} progress", () => {
    const data = { ...syncData("c", "running"), progress: { done: 3, total: 9 } };
    expect(reduceSyncProgress(emptyRoom, received(data, 1)).syncs.c?.data.progress).toEqual({
      done: 3,
      total: 9,
    });
  });
});

describe("sync_completed", () => {
  it("lists summaries newest first", () => {
    const summary = (n: number) => ({ timestamp: at, new_playbacks: n, sync_duration_ms: 10 * n });
    let room = reduceSyncCompleted(emptyRoom, received(summary(1), 1));
    room = reduceSyncCompleted(frozen(room), received(summary(2), 2));
    expect(room.completedSyncs.map((s) => s.data.new_playbacks)).toEqual([2, 1]);
  });
});

describe("detection_alert", () => {
  it("lists alerts newest first, bounded, unacknowledged unless the producer says so", () => {
    let room = emptyRoom;
    for (let n = 0; n < MAX_ALERTS + 3; n++) {
      room = reduceDetectionAlert(room, received(alertData(n), n + 1));
    }
    expect(room.alerts).toHaveLength(MAX_ALERTS);
    expect(room.alerts[0]?.data.id).toBe(MAX_ALERTS + 2);
    expect(room.alerts[0]?.acknowledged).toBe(false);
    room = reduceDetectionAlert(room, received(alertData("x", { acknowledged: true }), 500));
    expect(room.alerts[0]?.acknowledged).toBe(true);
  });

  it("shows who acknowledged an alert and when, and keeps it when the alert is re-sent", () => {
    let room = reduceDetectionAlert(emptyRoom, received(alertData(7), 1));
    room = reduceDetectionAlert(room, received(alertData(8), 2));
    // Ids compare as text: "7" acknowledges alert 7.
    room = reduceAlertAcknowledged(frozen(room), received(ackData("7"), 3));
    expect(room.alerts.map((a) => [a.data.id, a.acknowledged])).toEqual([
      [8, false],
      [7, true],
    ]);
    expect(room.alerts[1]?.acknowledgement).toMatchObject({
      seq: 3,
      data: { by: { id: "dev:0a1b2c3d", name: "Teal Otter" }, at: "2026-11-21T23:05:00.000Z" },
    });
    // A replay of the same acknowledgement (or an older one) changes nothing.
    expect(reduceAlertAcknowledged(room, received(ackData(7), 3))).toBe(room);
    room = reduceDetectionAlert(room, received(alertData(7, { severity: "critical" }), 4));
    expect(room.alerts.find((a) => a.data.id === 7)).toMatchObject({
      acknowledged: true,
      acknowledgement: { seq: 3 },
      data: { severity: "critical" },
    });
  });

  it("applies an acknowledgement that came before its alert (an older page, another producer)", () => {
    let room = reduceAlertAcknowledged(emptyRoom, received(ackData(5, { note: "known" }), 9));
    expect(room.alerts).toEqual([]);
    room = reduceDetectionAlert(room, received(alertData(5), 10));
    expect(room.alerts[0]).toMatchObject({
      acknowledged: true,
      acknowledgement: { seq: 9, data: { note: "known" } },
    });
    room = reduceDetectionAlert(room, received(alertData(6), 11));
    expect(room.alerts[0]?.acknowledged).toBe(false);
  });
});

describe("upstream shapes (fields absent or null, free-text statuses)", () => {
  it("keys a session without a usable session_key by user and title, never 'session:null'", () => {
    const data = (extra: Record<string, unknown>) => ({ id: "p", ...extra });
    expect(sessionKey(data({ session_key: null, username: "ana", title: "Dune" }))).toBe(
      "user:ana\u0000Dune",
    );
    expect(sessionKey(data({ session_key: "", username: "ana", title: "Dune" }))).toBe(
      "user:ana\u0000Dune",
    );
    expect(sessionKey(data({ session_key: "187" }))).toBe("session:187");
    expect(sessionKey(data({ username: "ana", title: null }))).toBe("user:ana\u0000");
  });

  it("keeps anonymous playbacks (no key, user or title) as sessions of their own", () => {
    let room = reducePlayback(emptyRoom, received({ event_id: "e-1", session_key: null }, 1));
    room = reducePlayback(room, received({ id: "p-2", username: null, title: null }, 2));
    expect(room.sessions.map((s) => s.key)).toEqual(["playback:p-2", "playback:e-1"]);
  });

  it("merges a playback re-sent with `id` where it first came with `event_id`", () => {
    // Cartographus: the NATS MediaEvent has event_id; the hub's PlaybackEvent has id (same value).
    let room = reducePlayback(emptyRoom, received({ event_id: "u-1", title: "Pilot" }, 1));
    room = reducePlayback(room, received({ id: "u-1", title: "Pilot", percent_complete: 40 }, 2));
    expect(room.playbacks.map((p) => p.seq)).toEqual([2]);
    // With both, `id` decides (Cartographus makes a fresh id when event_id is not a UUID).
    room = reducePlayback(room, received({ id: "u-1", event_id: "jf-1", title: "Pilot" }, 3));
    room = reducePlayback(room, received({ id: "u-1", event_id: "jf-2", title: "Pilot" }, 4));
    expect(room.playbacks.map((p) => p.seq)).toEqual([4]);
  });

  it("keeps the last percentage when an update says null, and ends a session past 100 %", () => {
    const play = (percent: number | null) => ({
      id: "p",
      session_key: "s",
      percent_complete: percent,
    });
    let room = reducePlayback(emptyRoom, received(play(60), 1));
    room = reducePlayback(room, received(play(null), 2));
    expect(room.sessions[0]?.percentComplete).toBe(60);
    room = reducePlayback(room, received(play(104), 3));
    expect(room.sessions).toEqual([]);
    expect(room.playbacks[0]?.data.percent_complete).toBe(104);
  });

  it("counts only `running` as running: cancelled, idle and unknown statuses are finished", () => {
    const sync = (id: string, status: string, progress: unknown) =>
      received({ correlation_id: id, status, progress } as never, 1);
    let room = reduceSyncProgress(emptyRoom, sync("r", "running", null));
    for (const [id, status] of [
      ["c1", "cancelled"],
      ["c2", "canceled"],
      ["i", "idle"],
      ["u", "paused"],
    ] as const) {
      room = reduceSyncProgress(room, sync(id, "running", 0.1));
      room = reduceSyncProgress(room, { ...sync(id, status, null), seq: 2 });
    }
    expect(Object.keys(room.syncs)).toEqual(["r"]);
    expect(room.syncs.r?.data.progress).toBeNull();
    expect(room.finishedSyncs.map((s) => [s.data.correlation_id, s.data.status])).toEqual([
      ["u", "paused"],
      ["i", "idle"],
      ["c2", "canceled"],
      ["c1", "cancelled"],
    ]);
  });

  it("treats every sync with an empty correlation_id as one sync", () => {
    const sync = (seq: number, status: string) =>
      received({ correlation_id: "", operation: "server_sync", status }, seq);
    let room = reduceSyncProgress(emptyRoom, sync(1, "running"));
    room = reduceSyncProgress(room, sync(2, "running"));
    expect(Object.keys(room.syncs)).toEqual([""]);
    room = reduceSyncProgress(room, sync(3, "completed"));
    expect(room.syncs).toEqual({});
    expect(room.finishedSyncs).toHaveLength(1);
  });

  it("replaces the stats: a newer update without unique_users does not keep the old count", () => {
    let room = reduceStatsUpdate(emptyRoom, received(statsData(5), 1));
    room = reduceStatsUpdate(
      room,
      received({ total_count: 6, last_playback: "2026-11-30T21:12:47Z" }, 2),
    );
    expect(room.stats?.data.unique_users).toBeUndefined();
    expect(room.stats?.data.last_playback).toBe("2026-11-30T21:12:47Z");
  });

  it("reads an alert with only an id, acknowledged null, or id 0", () => {
    let room = reduceDetectionAlert(emptyRoom, received({ id: 0 }, 1));
    room = reduceDetectionAlert(room, received({ id: 9, acknowledged: null, severity: "" }, 2));
    expect(room.alerts.map((a) => [a.data.id, a.acknowledged])).toEqual([
      [9, false],
      [0, false],
    ]);
    room = reduceAlertAcknowledged(room, received(ackData(0), 3));
    expect(room.alerts.find((a) => a.data.id === 0)?.acknowledged).toBe(true);
  });
});

describe("reduceEvent", () => {
  it("dispatches by type and counts the room's rate and last event time", () => {
    let room = reduceEvent(emptyRoom, event("playback", playbackData(1), 1), 60_000);
    room = reduceEvent(room, event("stats_update", statsData(1), 2), 60_500);
    room = reduceEvent(room, event("sync_progress", syncData("a", "running"), 3), 61_000);
    expect(room.playbacks).toHaveLength(1);
    expect(room.stats?.seq).toBe(2);
    expect(room.syncs.a?.seq).toBe(3);
    expect(room.rate.perMinute).toBe(3);
    expect(room.lastEventAt).toBe(61_000);
  });
});

describe("event rate", () => {
  it("counts events over a sliding minute and decays when idle", () => {
    let rate = countEvents({ perMinute: 0, buckets: [] }, 0, 30);
    rate = countEvents(rate, 30_000, 20);
    expect(rate.perMinute).toBe(50);
    expect(refreshRate(rate, 59_999).perMinute).toBe(50);
    expect(refreshRate(rate, 61_000).perMinute).toBe(20);
    expect(refreshRate(rate, 95_000).perMinute).toBe(0);
    expect(refreshRate(rate, 1_000)).toBe(rate);
  });
});

describe("dashboard_refresh", () => {
  const request = (requestedAt: string) => ({ requested_at: requestedAt, reason: "reindexed" });

  it("sets refreshRequestedAt from the newest request; an older seq changes nothing", () => {
    let room = reduceDashboardRefresh(emptyRoom, received(request("2026-11-21T23:00:00Z"), 5));
    expect(room.refreshRequestedAt).toBe("2026-11-21T23:00:00Z");
    expect(room.refreshRequest?.data.reason).toBe("reindexed");
    const older = reduceDashboardRefresh(
      frozen(room),
      received(request("2026-11-21T22:00:00Z"), 4),
    );
    expect(older).toBe(room);
    const replayed = reduceDashboardRefresh(frozen(room), received(request("x"), 5));
    expect(replayed).toBe(room);
    room = reduceDashboardRefresh(frozen(room), received(request("2026-11-21T23:05:00Z"), 9));
    expect(room.refreshRequestedAt).toBe("2026-11-21T23:05:00Z");
  });

  it("goes through reduceEvent like any event", () => {
    const room = reduceEvent(
      emptyRoom,
      event("dashboard_refresh", request("2026-11-21T23:00:00Z"), 3, "dash"),
      Date.parse(at),
    );
    expect(room.refreshRequestedAt).toBe("2026-11-21T23:00:00Z");
    expect(room.lastEventAt).toBe(Date.parse(at));
  });
});

describe("applyBatch", () => {
  const initial: PulseData = {
    connection: { status: "open", connectionId: "c" },
    rooms: {},
    presence: {},
    lastEventAt: undefined,
    latency: { roundTripMs: 12, eventLagMs: undefined },
  };

  it("applies events and resets in order: a reset drops the room, what follows refills it", () => {
    const receivedAt = Date.parse(at) + 40;
    const next = applyBatch(
      initial,
      [
        { kind: "event", event: event("playback", playbackData(1), 1, "a"), receivedAt },
        { kind: "event", event: event("stats_update", statsData(3), 2, "a"), receivedAt },
        { kind: "event", event: event("playback", playbackData(2), 3, "b"), receivedAt },
        { kind: "reset", rooms: ["a"] },
        { kind: "event", event: event("stats_update", statsData(9), 1, "a"), receivedAt },
      ],
      receivedAt,
    );
    expect(next.rooms.a?.playbacks).toEqual([]);
    expect(next.rooms.a?.stats?.data.total_count).toBe(9);
    expect(next.rooms.b?.playbacks).toHaveLength(1);
    expect(next.lastEventAt).toBe(receivedAt);
    expect(next.latency).toEqual({ roundTripMs: 12, eventLagMs: 40 });
  });

  it("a reset of a room never seen creates it empty", () => {
    const next = applyBatch(initial, [{ kind: "reset", rooms: ["z"] }], 0);
    expect(next.rooms.z).toEqual(emptyRoom);
  });
});
