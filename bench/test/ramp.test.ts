import { describe, expect, it } from "vitest";
import { loadBenchConfig } from "../src/config.js";
import { judgeStep, limitOf } from "../src/ramp.js";
import type { PhaseResult } from "../src/results.js";

/** A ramp step as the rig reports it: 100,000 deliveries/s to 1,000 clients, all received. */
function step(overrides: Partial<PhaseResult> = {}): PhaseResult {
  return {
    rate: 100,
    clients: 1000,
    deliveriesPerSec: 100_000,
    published: 200,
    expected: 200_000,
    received: 200_000,
    receivedRatio: 1,
    latency: { p50Ms: 3, p99Ms: 40, maxMs: 60 },
    peerCpuSeconds: 1,
    peerSystemSeconds: 0.4,
    wallSeconds: 2,
    peerCores: 0.5,
    cpuSecondsPerMillion: 5,
    producerLagMs: 0,
    generatorCores: [0.4, 0.45],
    openAfter: 1000,
    stale: 0,
    ...overrides,
  };
}

describe("ramp step criteria", () => {
  const config = loadBenchConfig([], {});

  it("fails a step below 95 % received or at a p99 of 1 s, and passes just inside both", () => {
    expect(
      judgeStep(
        step({ receivedRatio: 0.951, latency: { p50Ms: 5, p99Ms: 999, maxMs: 1200 } }),
        config,
      ),
    ).toEqual([]);
    expect(judgeStep(step({ receivedRatio: 0.94 }), config)).toEqual(["received 94.00 % < 95 %"]);
    expect(judgeStep(step({ latency: { p50Ms: 5, p99Ms: 1000, maxMs: 1500 } }), config)).toEqual([
      "p99 1000.0 ms ≥ 1000 ms",
    ]);
  });

  it("has no step cap to stop at: only a failing step or the deadline ends it", () => {
    expect(config.ramp).not.toHaveProperty("maxSteps");
    expect(() => loadBenchConfig(["--max-steps=5"], {})).toThrow(/unknown argument --max-steps/);
  });
});

describe("what limited a failed step", () => {
  it("names the peer's CPU, the load generator's, both, other processes, or neither", () => {
    expect(limitOf(step({ peerCores: 0.97 }), false)).toBe("peer CPU (0.97 cores)");
    expect(limitOf(step({ generatorCores: [0.5, 0.99] }), false)).toBe(
      "load generator CPU (0.99 cores)",
    );
    expect(limitOf(step({ peerCores: 0.95, generatorCores: [0.92] }), true)).toBe(
      "peer CPU (0.95 cores) and load generator CPU (0.92 cores)",
    );
    expect(limitOf(step(), false)).toMatch(
      /^neither CPU saturated \(peer 0\.50, load 0\.45 cores\): loopback/,
    );
    expect(limitOf(step(), true)).toMatch(
      /yet the peer's event loop fell behind: the machine's CPU/,
    );
  });
});
