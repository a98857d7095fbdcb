import { describe, expect, it } from "vitest";
import { loadBrowserBenchConfig } from "../src/browser/config.js";
import { renderLatencySection } from "../src/browser/latency/report.js";
import type { LatencyRun } from "../src/browser/latency/scenario.js";
import type { LatencySuiteData } from "../src/browser/latency/suite.js";
import { evaluateLatencyTargets } from "../src/browser/latency/targets.js";

const FRAME_MS = 1000 / 60;

/** A run as runLatency returns it: 5 tabs on one connection, NATS, 500 events/s, all checks ok. */
function run(overrides: Partial<LatencyRun> = {}): LatencyRun {
  return {
    path: "nats",
    tabs: 5,
    rate: 500,
    url: "http://127.0.0.1:3000/dashboards/p2p-nats-5-500-x",
    published: 2500,
    publishErrors: 0,
    hub: { count: 2500, p50: 2.1, p99: 6.4, max: 9.9 },
    hubMissing: 0,
    dom: { count: 12500, p50: 9.2, p99: 20.3, max: 31.7 },
    domMissing: 0,
    frame: { count: 12500, p50: 12.2, p99: 29.8, max: 40.1 },
    domP99ByTab: [19.1, 20.3, 18.2, 20.0, 19.9],
    connections: 1,
    clocks: [{ offsetMs: 0.12, uncertaintyMs: 0.4, samples: 15 }],
    visibility: ["visible", "visible", "visible", "visible", "visible"],
    pageErrors: [],
    observersLateMs: -850,
    observer: { calls: 900, totalMs: 45.25 },
    loadAverage: 3.5,
    checks: [{ name: "the tabs share one hub connection", ok: true, detail: "1" }],
    ...overrides,
  };
}

describe("evaluateLatencyTargets", () => {
  it("is met when the DOM p99 is within the hub's p99 plus one frame", () => {
    const [target] = evaluateLatencyTargets([run()], FRAME_MS);
    expect(target?.met).toBe(true);
    expect(target?.target).toBe(
      "publish → DOM p99 ≤ hub p99 + 16.7 ms (NATS, 5 windows, one connection, 500 events/s)",
    );
    expect(target?.measured).toBe(
      "DOM p99 20.3 ms vs hub p99 6.4 + 16.7 = 23.1 ms (next frame p99 29.8 ms)",
    );
  });

  it("is not met past the allowance, nor by a run that failed a check", () => {
    const slow = run({ path: "http", tabs: 1, dom: { count: 2500, p50: 9, p99: 23.2, max: 40 } });
    const unshared = run({
      checks: [{ name: "the tabs share one hub connection", ok: false, detail: "5" }],
    });
    const [late, failed] = evaluateLatencyTargets([slow, unshared], FRAME_MS);
    expect(late?.met).toBe(false);
    expect(late?.target).toContain("(HTTP, 1 tab, 500 events/s)");
    expect(failed?.met).toBe(false);
    expect(failed?.measured).toContain("failed checks: the tabs share one hub connection");
  });
});

describe("renderLatencySection", () => {
  const data = (runs: LatencyRun[]): LatencySuiteData => ({
    date: "2026-12-01T18:00:00.000Z",
    gitCommit: "abc1234",
    cores: 2,
    note: "Other engineers' test runs shared the machine.",
    config: loadBrowserBenchConfig([], {}).latency,
    loadAverageStart: [9.5, 8, 7],
    loadAverageEnd: [10, 8.5, 7.25],
    runs,
    failures: [],
    targets: evaluateLatencyTargets(runs, FRAME_MS),
  });

  it("renders one row per scenario with every figure, the load and the targets", () => {
    const lines = renderLatencySection(data([run()]));
    expect(lines).toContain(
      "| NATS, 5 windows, one connection, 500 events/s | 2500 | 2.1 / 6.4 / 9.9 | 9.2 / 20.3 / 31.7 | 12.2 / 29.8 / 40.1 | 20.3 | 12500 of 12500 | 900, 45.3 | 1 | +0.12 ± 0.40 | 3.50 | 1 of 1 |",
    );
    const text = lines.join("\n");
    expect(text).toContain("load average (1/5/15 min) at the start 9.50 / 8.00 / 7.00");
    expect(text).toContain(
      "| publish → DOM p99 ≤ hub p99 + 16.7 ms (NATS, 5 windows, one connection, 500 events/s) |",
    );
    expect(text).toContain("Checks: all 1 passed");
    expect(text).toContain(
      "the load average reached 10.0 on 2 cores: processes were waiting for a core most of the time",
    );
    expect(text).toContain("Other engineers' test runs shared the machine.");
  });

  it("says nothing of overload when the load stayed within the cores", () => {
    const quiet = renderLatencySection({
      ...data([run({ loadAverage: 1.2 })]),
      loadAverageStart: [0.8, 1, 1],
      loadAverageEnd: [1.5, 1, 1],
      note: "",
    }).join("\n");
    expect(quiet).toContain("> **Shared machine.**");
    expect(quiet).not.toContain("waiting for a core");
  });

  it("lists failed checks, hidden tabs and runs that did not complete", () => {
    const broken = run({
      visibility: ["visible", "hidden"],
      checks: [{ name: "every tab showed every event's row", ok: false, detail: "12000 of 12500" }],
    });
    const text = renderLatencySection({
      ...data([broken]),
      failures: [{ path: "http", tabs: 1, rate: 5, error: "page.goto: timeout" }],
    }).join("\n");
    expect(text).toContain(
      "- NATS, 5 windows, one connection, 500 events/s: every tab showed every event's row: 12000 of 12500",
    );
    expect(text).toContain("visible, hidden");
    expect(text).toContain("- HTTP, 1 tab, 5 events/s: page.goto: timeout");
    expect(text).toContain("| **no** |");
  });
});
