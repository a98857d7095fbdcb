import type { ServerEvent } from "@pulseboard/protocol";
import { describe, expect, it } from "vitest";
import { hydrateRoom, resumePointOf, roomFromState } from "../src/hydrate.js";
import { reduceHistory, reduceOlder } from "../src/past-events.js";
import { emptyRoom } from "../src/room-state.js";
import { createPulseStore } from "../src/store.js";
import { ackData, alertData, event, playbackData, statsData } from "./support/events.js";

/** A room's past: a server-rendered state (`/state`) and older pages (`/events?before=`). */

const NOW = Date.parse("2026-11-21T23:10:00.000Z");

function at(event: ServerEvent, ts: string): ServerEvent {
  return { ...event, ts };
}

describe("reduceHistory", () => {
  it("counts each event at its hub time, so the rate shows the recent past, not a burst", () => {
    const events = [
      at(event("playback", playbackData(1), 5), "2026-11-21T23:09:10.000Z"),
      at(event("playback", playbackData(2), 6), "2026-11-21T23:09:40.200Z"),
      at(event("playback", playbackData(3), 7), "2026-11-21T23:09:40.900Z"),
      // Older than the rate's minute: on the chart (5 minutes), not in the rate.
      at(event("playback", playbackData(4), 8), "2026-11-21T23:07:00.000Z"),
      // Older than the chart: in the feed only.
      at(event("playback", playbackData(5), 9), "2026-11-21T23:00:00.000Z"),
    ];
    const room = reduceHistory(emptyRoom, events, NOW, 200);
    expect(room.playbacks.map((p) => p.data.id)).toEqual(["p-5", "p-4", "p-3", "p-2", "p-1"]);
    expect(room.rate.buckets).toEqual([
      { start: Date.parse("2026-11-21T23:07:00.000Z"), count: 1 },
      { start: Date.parse("2026-11-21T23:09:10.000Z"), count: 1 },
      { start: Date.parse("2026-11-21T23:09:40.000Z"), count: 2 },
    ]);
    expect(room.rate.perMinute).toBe(3);
    expect(room.lastEventAt).toBe(Date.parse("2026-11-21T23:09:40.900Z"));
  });

  it("pages older below the last N events (snapshot values before them are not the past)", () => {
    const events = [
      event("stats_update", statsData(10), 2), // snapshot value, older than the window
      event("playback", playbackData(1), 20),
      event("playback", playbackData(2), 21),
    ];
    expect(reduceHistory(emptyRoom, events, NOW, 2).older).toEqual({ before: 20, more: true });
    // Fewer events than asked for: that is all the room has.
    expect(reduceHistory(emptyRoom, events, NOW, 10).older).toEqual({ before: 2, more: false });
  });
});

describe("reduceOlder", () => {
  it("adds a page below what is held: playbacks and alerts once, acknowledgements applied", () => {
    let room = reduceHistory(
      emptyRoom,
      [event("playback", playbackData(5), 50), event("stats_update", statsData(99), 51)],
      NOW,
      1,
    );
    room = reduceOlder(
      room,
      [
        event("detection_alert", alertData(3), 30),
        event("alert_acknowledged", ackData(3), 31),
        event("playback", playbackData(4), 40),
        event("playback", playbackData(5), 41), // the same playback re-sent: listed once
        event("stats_update", statsData(1), 42), // older stats change nothing
      ],
      true,
      NOW,
    );
    expect(room.playbacks.map((p) => [p.data.id, p.seq])).toEqual([
      ["p-5", 50],
      ["p-4", 40],
    ]);
    expect(room.alerts).toHaveLength(1);
    expect(room.alerts[0]).toMatchObject({ acknowledged: true, acknowledgement: { seq: 31 } });
    expect(room.stats?.data.total_count).toBe(99);
    expect(room.older).toEqual({ before: 30, more: true });
    expect(room.rate.perMinute).toBe(0);
  });
});

describe("roomFromState", () => {
  it("makes a store whose initial state holds the room (what React renders on the server)", () => {
    const state = { epoch: "e9", seq: 77, events: [event("playback", playbackData(1), 76)] };
    const store = createPulseStore(undefined, {
      global: roomFromState(state, { history: 100, now: NOW }),
    });
    expect(store.getInitialState().rooms.global?.playbacks).toHaveLength(1);
    expect(resumePointOf(state)).toEqual({ since: 77, epoch: "e9" });
  });
});

describe("hydrateRoom", () => {
  it("fills the room and returns the point the socket continues from", () => {
    const store = createPulseStore();
    const point = hydrateRoom(
      store,
      "global",
      { epoch: "e9", seq: 77, events: [event("playback", playbackData(1), 76)] },
      { history: 100, now: NOW },
    );
    expect(point).toEqual({ since: 77, epoch: "e9" });
    expect(store.getState().rooms.global?.playbacks).toHaveLength(1);
    expect(store.getState().rooms.global?.older).toEqual({ before: 76, more: false });
  });
});
