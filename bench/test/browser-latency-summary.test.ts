import { describe, expect, it } from "vitest";
import { connectionsGauge, latenciesOf, summarizeLatency } from "../src/browser/latency/summary.js";

describe("summarizeLatency", () => {
  it("gives nearest-rank p50, p99 and max of the finite values", () => {
    const values = Array.from({ length: 1000 }, (_, i) => 1000 - i);
    expect(summarizeLatency([...values, Number.NaN])).toEqual({
      count: 1000,
      p50: 500,
      p99: 990,
      max: 1000,
    });
  });

  it("is empty and NaN without samples", () => {
    const empty = summarizeLatency([]);
    expect(empty.count).toBe(0);
    expect(empty.p99).toBeNaN();
  });
});

describe("latenciesOf", () => {
  const publishedAt = new Map([
    ["pb-1", 100], // warm-up: before the window
    ["pb-2", 1000],
    ["pb-3", 1010],
    ["pb-4", 1020],
  ]);
  const window = { start: 1000, end: 2000 };

  it("subtracts each window event's publish time from its first sighting", () => {
    const { values, missing } = latenciesOf(
      publishedAt,
      [
        ["pb-1", 1001],
        ["pb-3", 1030],
        ["pb-2", 1012.5],
        ["pb-3", 1025],
        ["pb-9", 1500],
      ],
      window,
    );
    expect(values.sort((a, b) => a - b)).toEqual([12.5, 15]);
    expect(missing).toBe(1);
  });

  it("counts an event whose sighting has no time (no frame came) as missing", () => {
    const { values, missing } = latenciesOf(publishedAt, [["pb-2", Number.NaN]], window);
    expect(values).toEqual([]);
    expect(missing).toBe(3);
  });
});

describe("connectionsGauge", () => {
  it("reads pulseboard_connections from a scrape, not the gauges named like it", () => {
    const scrape = [
      "# HELP pulseboard_connections Open WebSocket connections",
      "# TYPE pulseboard_connections gauge",
      "pulseboard_connections 1",
      "pulseboard_connections_limit 10000",
    ].join("\n");
    expect(connectionsGauge(scrape)).toBe(1);
  });

  it("sums one series per worker; null when the gauge is absent", () => {
    const scrape = 'pulseboard_connections{worker="1"} 2\npulseboard_connections{worker="2"} 3\n';
    expect(connectionsGauge(scrape)).toBe(5);
    expect(connectionsGauge("pulseboard_connections_limit 10\n")).toBeNull();
  });
});
