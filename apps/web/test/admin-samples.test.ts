import { describe, expect, it } from "vitest";
import {
  gaugeSeries,
  latestRate,
  PLOT_WINDOW_MS,
  rateSeries,
  recordSamples,
} from "../lib/admin/samples";
import type { HubFigures, HubsAnswer } from "../lib/admin/types";

/** The admin page's 15-minute ring of readings, and the rates it plots from hub counters. */

function figures(hub: string, overrides: Partial<HubFigures> = {}): HubFigures {
  return {
    hub,
    version: "0.1.0",
    started_at: "2026-12-01T10:00:00.000Z",
    uptime_s: 60,
    ready: true,
    connections: 3,
    rooms: 2,
    subscriptions: 4,
    events_in: 0,
    messages_out: 0,
    slow_consumer_closes: 0,
    stream_lag_events: 0,
    ...overrides,
  };
}

const answer = (...status: HubFigures[]): HubsAnswer => ({
  hubs: status.map((s) => s.hub),
  missing: [],
  status,
});

describe("recordSamples", () => {
  it("keeps 15 minutes of readings per hub, and a silent hub's until they age out", () => {
    let samples = recordSamples({}, answer(figures("a"), figures("b")), 0);
    samples = recordSamples(samples, answer(figures("a")), PLOT_WINDOW_MS - 1);
    expect(samples.a).toHaveLength(2);
    expect(samples.b).toHaveLength(1);
    samples = recordSamples(samples, answer(figures("a")), PLOT_WINDOW_MS + 1);
    expect(samples.a?.map((s) => s.at)).toEqual([PLOT_WINDOW_MS - 1, PLOT_WINDOW_MS + 1]);
    expect(samples.b).toBeUndefined();
  });
});

describe("rateSeries", () => {
  it("turns counters into per-second rates between readings, skipping a restart", () => {
    let samples = recordSamples({}, answer(figures("a", { events_in: 100 })), 10_000);
    samples = recordSamples(samples, answer(figures("a", { events_in: 140 })), 12_000);
    samples = recordSamples(samples, answer(figures("a", { events_in: 200 })), 14_000);
    // Restarted: its counters start over and started_at moves.
    const restarted = { events_in: 5, started_at: "2026-12-01T10:05:00.000Z" };
    samples = recordSamples(samples, answer(figures("a", restarted)), 16_000);
    samples = recordSamples(samples, answer(figures("a", { ...restarted, events_in: 25 })), 18_000);
    const series = rateSeries(samples.a ?? [], "eventsIn");
    expect(series).toEqual({ xs: [12, 14, 18], ys: [20, 30, 10] });
    expect(latestRate(samples.a ?? [], "eventsIn")).toBe(10);
    expect(latestRate((samples.a ?? []).slice(0, 1), "eventsIn")).toBeUndefined();
  });

  it("takes a start time a millisecond off (an older hub's rounding) for the same process", () => {
    let samples = recordSamples({}, answer(figures("a", { events_in: 10 })), 0);
    const wobble = { events_in: 30, started_at: "2026-12-01T10:00:00.001Z" };
    samples = recordSamples(samples, answer(figures("a", wobble)), 2_000);
    expect(rateSeries(samples.a ?? [], "eventsIn").ys).toEqual([10]);
  });

  it("plots gauges as read, leaving out an unknown lag", () => {
    let samples = recordSamples({}, answer(figures("a", { stream_lag_events: 4 })), 1_000);
    samples = recordSamples(samples, answer(figures("a", { stream_lag_events: null })), 3_000);
    expect(gaugeSeries(samples.a ?? [], "lag")).toEqual({ xs: [1], ys: [4] });
    expect(gaugeSeries(samples.a ?? [], "connections")).toEqual({ xs: [1, 3], ys: [3, 3] });
  });
});
