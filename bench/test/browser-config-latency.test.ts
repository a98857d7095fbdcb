import { describe, expect, it } from "vitest";
import { withSkippedSuites } from "../src/browser/carry-over.js";
import { loadBrowserBenchConfig } from "../src/browser/config.js";
import type { LatencySuiteData } from "../src/browser/latency/suite.js";
import type { BrowserBenchData } from "../src/browser/report.js";

describe("browser bench options: publish to pixel", () => {
  it("runs both suites by default: NATS and HTTP, 1 and 5 tabs, 5 and 500 events/s", () => {
    const config = loadBrowserBenchConfig([], {});
    expect(config.suites).toEqual(["frames", "latency"]);
    expect(config.latency).toMatchObject({
      paths: ["nats", "http"],
      tabs: [1, 5],
      rates: [5, 500],
    });
  });

  it("--quick shortens every window; a flag after it still wins", () => {
    const config = loadBrowserBenchConfig(["--latency-window-s=3", "--quick"], {});
    expect(config.rounds).toBe(1);
    expect(config.windowMs).toBe(5_000);
    expect(config.latency.windowMs).toBe(3_000);
    expect(config.deadlineMs).toBeLessThan(loadBrowserBenchConfig([], {}).deadlineMs);
  });

  it("--suites=latency gives a deadline for the latency runs only", () => {
    const only = loadBrowserBenchConfig(["--suites=latency", "--latency-tabs=1"], {});
    const both = loadBrowserBenchConfig(["--latency-tabs=1"], {});
    expect(only.suites).toEqual(["latency"]);
    expect(only.deadlineMs).toBeGreaterThan(0);
    expect(only.deadlineMs).toBeLessThan(both.deadlineMs);
  });

  it("keeps a --note for the report, spaces and all", () => {
    const config = loadBrowserBenchConfig(["--note=Shared with two e2e runs."], {});
    expect(config.note).toBe("Shared with two e2e runs.");
    expect(loadBrowserBenchConfig([], {}).note).toBe("");
  });

  it("refuses an unknown suite or path, naming the known ones", () => {
    expect(() => loadBrowserBenchConfig(["--suites=pixels"], {})).toThrow(/frames,latency/);
    expect(() => loadBrowserBenchConfig(["--latency-paths=grpc"], {})).toThrow(/nats,http/);
  });
});

describe("withSkippedSuites", () => {
  const config = loadBrowserBenchConfig([], {});
  const latency = { date: "old latency" } as LatencySuiteData;
  const previous = {
    machine: { date: "old frames" },
    config: { ...config, windowMs: 20_000 },
    runs: [{ rate: 5, round: 1 }],
    failures: [],
    targets: [{ target: "frames/s ≥ 50 at 500 events/s", measured: "59.8", met: true }],
    latency,
  } as unknown as BrowserBenchData;
  const current = {
    machine: { date: "now" },
    config: { ...config, suites: ["latency"], windowMs: 5_000 },
    runs: [],
    failures: [],
    targets: [],
    latency: { date: "new latency" },
  } as unknown as BrowserBenchData;

  it("keeps the previous frames figures when only publish to pixel ran", () => {
    const merged = withSkippedSuites(current, ["latency"], previous);
    expect(merged.machine.date).toBe("old frames");
    expect(merged.runs).toBe(previous.runs);
    expect(merged.config.windowMs).toBe(20_000);
    expect(merged.latency?.date).toBe("new latency");
  });

  it("keeps the previous latency figures when only the frames ran, and changes nothing else", () => {
    const framesOnly = { ...current, latency: undefined } as BrowserBenchData;
    expect(withSkippedSuites(framesOnly, ["frames"], previous).latency).toBe(latency);
    expect(withSkippedSuites(current, ["frames", "latency"], previous)).toEqual(current);
    expect(withSkippedSuites(current, ["latency"], undefined)).toBe(current);
  });
});
