import { describe, expect, it } from "vitest";
import type { BenchConfig } from "../src/config.js";
import { loadBenchConfig } from "../src/config.js";
import type { PeerName } from "../src/peers/catalog.js";
import { renderResults } from "../src/report/markdown.js";
import { summarize } from "../src/report/summary.js";
import type { PhaseResult, RunData, SessionResult } from "../src/results.js";

/**
 * Several Pulseboard variants (embedded, NATS with 1 and 2 workers) against the peers and the
 * write floor: every variant is checked against every target, and the floor, a reference row,
 * is never the "best peer".
 */
const config: BenchConfig = {
  ...loadBenchConfig([], {}),
  peers: ["pulseboard", "pulseboard-2w", "socketio", "naive-ws", "write-floor"],
  clients: [1000, 5000],
};

function phase(
  cpuPerMillion: number,
  p99Ms: number,
  extra: Partial<PhaseResult> = {},
): PhaseResult {
  const received = 1_000_000;
  return {
    rate: 10,
    clients: 1000,
    deliveriesPerSec: 10_000,
    published: 100,
    expected: received,
    received,
    receivedRatio: 1,
    latency: { p50Ms: p99Ms / 2, p99Ms, maxMs: p99Ms * 1.5 },
    peerCpuSeconds: cpuPerMillion,
    peerSystemSeconds: cpuPerMillion / 2,
    wallSeconds: 5,
    peerCores: cpuPerMillion / 5,
    cpuSecondsPerMillion: cpuPerMillion,
    producerLagMs: 0,
    generatorCores: [0.3, 0.5],
    openAfter: 1000,
    stale: 0,
    ...extra,
  };
}

function session(
  peer: PeerName,
  clients: number,
  cpu: number,
  p99: number,
  rssKiB: number,
): SessionResult {
  return {
    round: 1,
    peer,
    clients,
    startedAt: "2026-12-01T00:00:00.000Z",
    durationMs: 1,
    idle: {
      clients,
      connectMs: 1,
      connectFailed: 0,
      connectErrors: [],
      rssBaseBytes: 0,
      rssIdleBytes: rssKiB * 1024 * clients,
      rssPerConnectionBytes: rssKiB * 1024,
      heapPerConnectionBytes: 0,
    },
    latency: phase(cpu, p99),
    cpu: phase(cpu, p99, peer === "pulseboard-2w" ? { brokerCpuSeconds: 2 } : {}),
    cpuBursty: phase(cpu, p99),
    ramp: { bestDeliveriesPerSec: 100_000, steps: [], stoppedBy: "test" },
  };
}

const data: RunData = {
  machine: {
    date: "2026-12-01T00:00:00.000Z",
    hostname: "test",
    cpuModel: "test",
    cores: 2,
    memoryGiB: 1,
    kernel: "test",
    node: "v20",
    versions: {},
    openFileLimit: 1024,
    ephemeralPorts: "",
    loadAverageStart: [0, 0, 0],
    gitCommit: "test",
  },
  config,
  sessions: [1000, 5000].flatMap((n) => [
    session("pulseboard", n, 8, 40, 7.5),
    session("pulseboard-2w", n, 5, 20, 9),
    session("socketio", n, 12, 60, 16),
    session("naive-ws", n, 10, 50, 7),
    // The floor is the best at everything; it must not be anyone's "best peer".
    session("write-floor", n, 4, 10, 3),
  ]),
  capacity: [],
  skipped: [],
  durationMs: 1,
};

describe("summarize with Pulseboard variants and a reference row", () => {
  const summary = summarize(data, config);
  const byName = new Map(summary.targets.map((t) => [t.target, t]));

  it("gives each variant its own ratios, to the floor too", () => {
    const large = summary.byClients.find((s) => s.clients === 5000);
    expect(large?.ratios.pulseboard?.socketio?.cpuPerMillion).toBeCloseTo(8 / 12);
    expect(large?.ratios["pulseboard-2w"]?.socketio?.cpuPerMillion).toBeCloseTo(5 / 12);
    expect(large?.ratios["pulseboard-2w"]?.["write-floor"]?.cpuPerMillion).toBeCloseTo(5 / 4);
    expect(large?.peers["pulseboard-2w"]?.brokerCpuPerMillion.median).toBeCloseTo(2);
    expect(large?.peers.pulseboard?.generatorCoresCpu.median).toBeCloseTo(0.5);
  });

  it("checks every target for every variant, against the best real peer", () => {
    expect(byName.get("hub CPU per delivery ≤ 1/2 of Socket.IO's (N=5000, even)")).toMatchObject({
      met: false,
    });
    expect(
      byName.get(
        "hub CPU per delivery ≤ 1/2 of Socket.IO's (N=5000, even; Pulseboard, NATS, 2 workers)",
      ),
    ).toMatchObject({ measured: "0.42×", met: true });
    // Best real peer p99 is naive ws's 50 ms, not the floor's 10 ms.
    expect(
      byName.get(
        "p99 latency ≤ 1/2 of the best peer's (N=5000, 10 events/s; Pulseboard, NATS, 2 workers)",
      ),
    ).toMatchObject({ measured: "0.40×", met: true });
    expect(byName.get("p99 latency ≤ 1/2 of the best peer's (N=5000, 10 events/s)")).toMatchObject({
      measured: "0.80×",
      met: false,
    });
  });

  it("compares idle memory with the bare ws server's, for the embedded hub", () => {
    expect(byName.get("RSS per idle connection ≤ naive ws's + 1 KiB (N=1000)")).toMatchObject({
      measured: "+0.50 KiB",
      met: true,
    });
    expect([...byName.keys()].some((t) => t.includes("RSS") && t.includes("workers"))).toBe(false);
  });

  it("renders one ratio column per variant and peer", () => {
    const head = renderResults(data, summary, config).find((line) => line.startsWith("| figure"));
    expect(head).toContain("Pulseboard, NATS, 2 workers / write floor");
    expect(head).toContain("Pulseboard / Socket.IO");
    expect(head).not.toContain("Pulseboard / Pulseboard");
  });
});
