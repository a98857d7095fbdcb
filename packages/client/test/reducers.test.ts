import { describe, expect, it } from "vitest";
import { applyBatch, type PulseData } from "../src/apply-batch.js";
import { MAX_ALERTS, MAX_RECENT_PLAYBACKS } from "../src/defaults.js";
import { countEvents, refreshRate } from "../src/event-rate.js";
import {
  acknowledgeAlert,
  reduceDashboardRefresh,
  reduceDetectionAlert,
  reduceEvent,
  reducePlayback,
  reduceStatsUpdate,
  reduceSyncCompleted,
  reduceSyncProgress,
} from "../src/reducers.js";
import { emptyRoom, type RoomState } from "../src/room-state.js";
import {
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

  it("acknowledges in the UI, and keeps that when the alert is re-sent", () => {
    let room = reduceDetectionAlert(emptyRoom, received(alertData(7), 1));
    room = reduceDetectionAlert(room, received(alertData(8), 2));
    room = acknowledgeAlert(frozen(room), "7");
    expect(room.alerts.map((a) => [a.data.id, a.acknowledged])).toEqual([
      [8, false],
      [7, true],
    ]);
    expect(acknowledgeAlert(room, 7)).toBe(room);
    room = reduceDetectionAlert(room, received(alertData(7, { severity: "critical" }), 3));
    expect(room.alerts.find((a) => a.data.id === 7)).toMatchObject({
      acknowledged: true,
      data: { severity: "critical" },
    });
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
