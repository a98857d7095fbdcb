import {
  EVENT_TYPES,
  type PlaybackData,
  type PublishInput,
  validatePublishInput,
} from "@pulseboard/protocol";
import { afterEach, describe, expect, it, vi } from "vitest";
import { RULE_TYPES } from "../src/demo/alerts.js";
import { DEMO_TICK_MS, type PublishFn, startDemoProducer } from "../src/demo/producer.js";
import { seededRandom } from "../src/demo/random.js";
import { RoomSimulation, STATS_INTERVAL_MS } from "../src/demo/room-simulation.js";

// `dashboard_refresh` and `alert_acknowledged` are people's doing, not media-server traffic:
// the demo never sends them.
const PEOPLES_TYPES = new Set(["dashboard_refresh", "alert_acknowledged"]);
const SIMULATED_TYPES = EVENT_TYPES.filter((type) => !PEOPLES_TYPES.has(type)).sort();

const START_MS = Date.parse("2026-11-21T23:00:00.000Z");
const DOC_IP = /^(192\.0\.2|198\.51\.100)\.([1-9]\d?|1\d\d|2[0-4]\d|25[0-4])$/;

/** Runs room simulations tick by tick on a virtual clock; no timers involved. */
function simulate(seed: number, rooms: string[], seconds: number, rate = 2): PublishInput[] {
  const random = seededRandom(seed);
  const sims = rooms.map((room) => new RoomSimulation({ room, random, rate, startMs: START_MS }));
  const events: PublishInput[] = [];
  for (let now = START_MS; now <= START_MS + seconds * 1000; now += DEMO_TICK_MS) {
    for (const sim of sims) events.push(...sim.tick(now));
  }
  return events;
}

function ofType<T extends PublishInput["type"]>(events: PublishInput[], type: T) {
  return events.filter((e): e is Extract<PublishInput, { type: T }> => e.type === type);
}

describe("demo event generation", () => {
  it("every generated event passes validatePublishInput, unchanged", () => {
    let checked = 0;
    for (let seed = 1; seed <= 25; seed++) {
      const rate = [0.5, 2, 8][seed % 3] ?? 2;
      for (const event of simulate(seed, ["global", "server:plex-main"], 300, rate)) {
        const result = validatePublishInput(event);
        if (!result.ok) throw new Error(`${result.error.message} in ${JSON.stringify(event)}`);
        expect(result.value).toEqual(event);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(10_000);
  });

  it("produces every simulated type in every room", () => {
    const rooms = ["global", "dashboard:42"];
    const events = simulate(11, rooms, 600);
    for (const room of rooms) {
      const types = new Set(events.filter((e) => e.room === room).map((e) => e.type));
      expect([...types].sort()).toEqual(SIMULATED_TYPES);
    }
  });

  it("is reproducible with a seeded random", () => {
    expect(simulate(5, ["global"], 120)).toEqual(simulate(5, ["global"], 120));
    expect(simulate(5, ["global"], 120)).not.toEqual(simulate(6, ["global"], 120));
  });

  it("emits plausible playbacks at about the requested rate", () => {
    const playbacks = ofType(simulate(3, ["global"], 600, 2), "playback");
    expect(playbacks.length).toBeGreaterThan(0.8 * 1200);
    expect(playbacks.length).toBeLessThan(1.2 * 1200);
    const ids = new Set<unknown>();
    for (const { data } of playbacks) {
      ids.add(data.id);
      expect(data.ip_address).toMatch(DOC_IP);
      expect(data.percent_complete).toBeGreaterThanOrEqual(0);
      expect(data.percent_complete).toBeLessThanOrEqual(100);
      expect(Date.parse(data.started_at ?? "")).toBeLessThanOrEqual(START_MS + 600_000);
      expect(data.username?.length).toBeGreaterThan(0);
      expect(data.platform).toBeTruthy();
      expect(data.player).toBeTruthy();
    }
    expect(ids.size).toBe(playbacks.length);
    const users = new Set(playbacks.map((p) => p.data.username));
    const titles = new Set(playbacks.map((p) => p.data.title));
    const mediaTypes = new Set(playbacks.map((p) => p.data.media_type));
    expect(users.size).toBeGreaterThan(10);
    expect(titles.size).toBeGreaterThan(15);
    expect([...mediaTypes].sort()).toEqual(["episode", "live", "movie", "track"]);
  });

  it("sends stats every ~2 s with growing counts and the latest playback", () => {
    const events = simulate(4, ["global"], 300);
    let lastPlayback: PlaybackData | undefined;
    let previous: { at: number; total: number; unique: number } | undefined;
    let stats = 0;
    for (const event of events) {
      if (event.type === "playback") lastPlayback = event.data;
      if (event.type !== "stats_update") continue;
      stats++;
      const at = Date.parse(event.data.timestamp ?? "");
      if (previous !== undefined) {
        expect(at - previous.at).toBe(STATS_INTERVAL_MS);
        expect(event.data.total_count).toBeGreaterThanOrEqual(previous.total);
        expect(event.data.unique_users).toBeGreaterThanOrEqual(previous.unique);
      }
      if (lastPlayback !== undefined) {
        expect(event.data.last_playback).toMatchObject({
          id: lastPlayback.id,
          username: lastPlayback.username,
          title: lastPlayback.title,
        });
      }
      // The demo always sends both counts; -1 would fail the comparisons above.
      previous = {
        at,
        total: event.data.total_count ?? -1,
        unique: event.data.unique_users ?? -1,
      };
    }
    expect(stats).toBeGreaterThanOrEqual(150);
    const all = ofType(events, "stats_update");
    const first = all[0]?.data;
    const last = all[all.length - 1]?.data;
    expect(last?.total_count).toBeGreaterThan((first?.total_count ?? 0) + 400);
    expect(last?.unique_users).toBeGreaterThan(first?.unique_users ?? 0);
  });

  it("runs a sync cycle about every 30 s: rising progress, completed, then sync_completed", () => {
    const events = simulate(9, ["global"], 600);
    const cycles = new Map<string, PublishInput[]>();
    for (const event of events) {
      if (event.type !== "sync_progress" && event.type !== "sync_completed") continue;
      const id = String(event.data.correlation_id);
      cycles.set(id, [...(cycles.get(id) ?? []), event]);
    }
    expect(cycles.size).toBeGreaterThanOrEqual(15);
    expect(cycles.size).toBeLessThanOrEqual(22);
    let finished = 0;
    for (const cycle of cycles.values()) {
      const progress = ofType(cycle, "sync_progress").map((e) => e.data);
      const fractions = progress.map(({ progress: p }) =>
        // The demo sends `{done, total}` counts or a fraction, never null.
        typeof p === "number" ? p : p?.total === 0 ? 1 : (p?.done ?? Number.NaN) / (p?.total ?? 1),
      );
      expect(fractions[0]).toBe(0);
      expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
      const tail = cycle[cycle.length - 1];
      if (tail?.type !== "sync_completed") continue; // the cycle still running at the end
      finished++;
      expect(progress.length).toBeGreaterThanOrEqual(3);
      expect(progress.slice(0, -1).every((p) => p.status === "running")).toBe(true);
      expect(progress[progress.length - 1]?.status).toBe("completed");
      expect(fractions[fractions.length - 1]).toBe(1);
      expect(tail.data.sync_duration_ms).toBeGreaterThan(0);
      expect(tail.data.new_playbacks).toBeGreaterThan(0);
    }
    expect(finished).toBeGreaterThanOrEqual(cycles.size - 1);
  });

  it("raises occasional alerts, mostly info and warning, with known rule types", () => {
    const alerts = ofType(simulate(21, ["global", "a", "b", "c"], 1800), "detection_alert");
    expect(alerts.length).toBeGreaterThan(200);
    expect(alerts.length).toBeLessThan(500);
    const severity = (s: string) => alerts.filter((a) => a.data.severity === s).length;
    expect(severity("critical")).toBeGreaterThan(0);
    expect(severity("info") + severity("warning")).toBeGreaterThan(4 * severity("critical"));
    const rules = new Set(alerts.map((a) => a.data.rule_type));
    expect([...rules].sort()).toEqual([...RULE_TYPES].sort());
    for (const rule of ["impossible_travel", "concurrent_streams", "device_velocity"]) {
      expect(rules).toContain(rule);
    }
  });
});

describe("startDemoProducer", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  function recordingPublish() {
    const batches: PublishInput[][] = [];
    let seq = 0;
    const publish = vi.fn<PublishFn>(async (events) => {
      batches.push(events);
      return events.map(() => ++seq);
    });
    return { publish, events: () => batches.flat() };
  }

  it("publishes a mix of every simulated type into every room within 60 s", async () => {
    vi.useFakeTimers({ now: START_MS });
    const { publish, events } = recordingPublish();
    const producer = startDemoProducer({
      publish,
      rooms: ["global", "dashboard:42"],
      random: seededRandom(7),
    });
    await vi.advanceTimersByTimeAsync(60_000);
    producer.stop();
    for (const room of ["global", "dashboard:42"]) {
      const types = new Set(
        events()
          .filter((e) => e.room === room)
          .map((e) => e.type),
      );
      expect([...types].sort()).toEqual(SIMULATED_TYPES);
    }
    for (const event of events()) expect(validatePublishInput(event).ok).toBe(true);
    // Stamped with the (fake) clock: the demo follows the process's time.
    const stamps = ofType(events(), "stats_update").map((e) => Date.parse(e.data.timestamp ?? ""));
    expect(Math.min(...stamps)).toBe(START_MS);
    expect(Math.max(...stamps)).toBeLessThanOrEqual(START_MS + 60_000);
  });

  it("defaults to about two playbacks per second per room and honours rate", async () => {
    vi.useFakeTimers({ now: START_MS });
    const counts: number[] = [];
    for (const rate of [undefined, 10]) {
      const { publish, events } = recordingPublish();
      const producer = startDemoProducer({
        publish,
        rooms: ["global"],
        rate,
        random: seededRandom(1),
      });
      await vi.advanceTimersByTimeAsync(100_000);
      producer.stop();
      counts.push(ofType(events(), "playback").length);
    }
    expect(counts[0]).toBeGreaterThan(160);
    expect(counts[0]).toBeLessThan(240);
    expect(counts[1]).toBeGreaterThan(800);
    expect(counts[1]).toBeLessThan(1200);
  });

  it("stops publishing after stop() and leaves no timer behind", async () => {
    vi.useFakeTimers({ now: START_MS });
    const { publish } = recordingPublish();
    const producer = startDemoProducer({ publish, rooms: ["global"], random: seededRandom(2) });
    await vi.advanceTimersByTimeAsync(5_000);
    expect(vi.getTimerCount()).toBe(1);
    producer.stop();
    await vi.advanceTimersByTimeAsync(0);
    const calls = publish.mock.calls.length;
    expect(calls).toBeGreaterThan(5);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(publish.mock.calls.length).toBe(calls);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("never keeps the process alive: its timer is unref'd", () => {
    const refTimers = () => process.getActiveResourcesInfo().filter((r) => r === "Timeout").length;
    const before = refTimers();
    const { publish } = recordingPublish();
    const producer = startDemoProducer({ publish, rooms: ["global"] });
    try {
      expect(refTimers()).toBe(before);
    } finally {
      producer.stop();
    }
  });

  it.each([
    ["rejects", () => Promise.reject(new Error("broker down"))],
    [
      "throws",
      () => {
        throw new Error("broker closed");
      },
    ],
  ])("logs, never throws, when publish %s, and keeps trying", async (_name, failing) => {
    vi.useFakeTimers({ now: START_MS });
    const publish = vi.fn<PublishFn>(failing);
    const warn = vi.fn();
    const producer = startDemoProducer({ publish, rooms: ["global"], logger: { warn } });
    await vi.advanceTimersByTimeAsync(30_000);
    producer.stop();
    expect(publish.mock.calls.length).toBeGreaterThan(30_000 / DEMO_TICK_MS / 2);
    expect(warn).toHaveBeenCalledWith(
      expect.objectContaining({ err: expect.any(Error) }),
      expect.stringContaining("failed to publish"),
    );
    // Rate-limited: a dead broker does not flood the log.
    expect(warn.mock.calls.length).toBeLessThanOrEqual(4);
  });

  it("publishes one batch at a time, in generation order", async () => {
    vi.useFakeTimers({ now: START_MS });
    let inFlight = 0;
    let maxInFlight = 0;
    const order: PublishInput[] = [];
    const publish = vi.fn<PublishFn>(async (events) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      // Slower than a tick now and then: later batches must wait their turn.
      await new Promise((resolve) => setTimeout(resolve, order.length % 3 === 0 ? 400 : 50));
      order.push(...events);
      inFlight--;
      return events.map((_, i) => i);
    });
    const producer = startDemoProducer({ publish, rooms: ["global"], random: seededRandom(3) });
    await vi.advanceTimersByTimeAsync(60_000);
    producer.stop();
    expect(maxInFlight).toBe(1);
    const completedAt = new Map<unknown, number>();
    order.forEach((event, index) => {
      if (event.type === "sync_progress" && event.data.status === "completed") {
        completedAt.set(event.data.correlation_id, index);
      }
      if (event.type === "sync_completed") {
        const at = completedAt.get(event.data.correlation_id);
        expect(at).toBeDefined();
        expect(at).toBeLessThan(index);
      }
    });
    expect(ofType(order, "sync_completed").length).toBeGreaterThan(0);
  });

  it("drops batches, with a warning, while the broker does not answer", async () => {
    vi.useFakeTimers({ now: START_MS });
    const publish = vi.fn<PublishFn>(() => new Promise<number[]>(() => {}));
    const warn = vi.fn();
    const producer = startDemoProducer({ publish, rooms: ["global"], logger: { warn } });
    await vi.advanceTimersByTimeAsync(10_000);
    producer.stop();
    expect(publish).toHaveBeenCalledTimes(1);
    expect(warn).toHaveBeenCalledWith(
      expect.objectContaining({ dropped: expect.any(Number) }),
      expect.stringContaining("dropped"),
    );
  });

  it("skips invalid room names with a warning", async () => {
    vi.useFakeTimers({ now: START_MS });
    const { publish, events } = recordingPublish();
    const warn = vi.fn();
    const producer = startDemoProducer({
      publish,
      rooms: ["global", "bad room", "pulse.x", "global"],
      logger: { warn },
    });
    await vi.advanceTimersByTimeAsync(3_000);
    producer.stop();
    expect(warn).toHaveBeenCalledWith({ rooms: ["bad room", "pulse.x"] }, expect.any(String));
    expect(new Set(events().map((e) => e.room))).toEqual(new Set(["global"]));
    // A room named twice is simulated once: one stats_update per interval.
    expect(ofType(events(), "stats_update").length).toBeLessThanOrEqual(2);
  });
});
