import { nowUs, sleep } from "./clock.js";
import type { BenchConfig } from "./config.js";
import type { CollectResult, ConnectRequest, ConnectResult } from "./load/worker.js";
import type { PeerSpec } from "./peers/catalog.js";
import type { PeerInfo, PeerStats } from "./peers/peer-runtime.js";
import type { ProducePlan, ProduceResult } from "./peers/producer.js";
import { type Child, startChild } from "./processes.js";
import type { PhaseResult } from "./results.js";
import { LatencyHistogram } from "./stats/histogram.js";

function cpuSecondsBetween(before: NodeJS.CpuUsage, after: NodeJS.CpuUsage): number {
  return (after.user - before.user + after.system - before.system) / 1e6;
}

export interface ConnectSummary {
  open: number;
  failed: number;
  errors: string[];
  ms: number;
}

/**
 * One peer process and the load workers pointed at it, for one session. Everything it starts
 * it stops in `stop()`, which the caller runs in `finally`.
 */
export class Rig {
  private constructor(
    readonly spec: PeerSpec,
    readonly peer: Child<PeerInfo>,
    readonly info: PeerInfo,
    readonly workers: Child[],
    private readonly config: BenchConfig,
  ) {}

  static async start(
    spec: PeerSpec,
    config: BenchConfig,
    workerCount = config.workers,
  ): Promise<Rig> {
    const nodeFlags =
      config.cpuProfile && spec.name === "pulseboard"
        ? ["--cpu-prof", `--cpu-prof-dir=${config.outDir}/profiles`]
        : [];
    const peer = startChild<PeerInfo>(spec.name, spec.entry, { nodeFlags, env: spec.env });
    const workers = Array.from({ length: workerCount }, (_, i) =>
      startChild(`load-worker-${i + 1}`, "./load/worker.ts"),
    );
    try {
      const info = await peer.ready;
      await Promise.all(workers.map((worker) => worker.ready));
      return new Rig(spec, peer, info, workers, config);
    } catch (error) {
      await Promise.all([peer, ...workers].map((child) => child.stop(1_000)));
      throw error;
    }
  }

  /** Brings the number of open connections to `total`, spread evenly over the workers. */
  async connect(total: number, timeoutMs = this.config.connectTimeoutMs): Promise<ConnectSummary> {
    const started = Date.now();
    const shares = this.workers.map(
      (_, i) => Math.floor(total / this.workers.length) + (i < total % this.workers.length ? 1 : 0),
    );
    let firstIndex = 0;
    const results = await Promise.all(
      this.workers.map((worker, i) => {
        const request: ConnectRequest = {
          port: this.info.port,
          path: this.spec.path,
          dialect: this.spec.dialect,
          count: shares[i] ?? 0,
          firstIndex,
          perAddress: this.config.perAddress,
          concurrency: this.config.connectConcurrency,
          timeoutMs,
        };
        firstIndex += shares[i] ?? 0;
        return worker.request<ConnectResult>("connect", request, timeoutMs + 30_000);
      }),
    );
    return {
      open: results.reduce((sum, r) => sum + r.open, 0),
      failed: results.reduce((sum, r) => sum + r.failed, 0),
      errors: results.flatMap((r) => r.errors),
      ms: Date.now() - started,
    };
  }

  async closeClients(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.request("close")));
  }

  stats(): Promise<PeerStats> {
    return this.peer.request<PeerStats>("stats");
  }

  /** Full collections in the peer, then its memory. */
  gc(): Promise<PeerStats> {
    return this.peer.request<PeerStats>("gc", undefined, 60_000);
  }

  /**
   * One phase: the peer's producer runs `plan`; the workers count what arrives until every
   * client has every event or `graceMs` after the producer finished. Peer CPU is read in the
   * peer process just before and after.
   */
  async measure(plan: ProducePlan, graceMs: number): Promise<PhaseResult> {
    const begun = await Promise.all(
      this.workers.map((worker) => worker.request<{ clients: number }>("begin")),
    );
    const clients = begun.reduce((sum, b) => sum + b.clients, 0);
    const before = await this.stats();
    const startUs = nowUs();
    const produced = await this.peer.request<ProduceResult>(
      "publish",
      plan,
      plan.durationMs * 5 + 60_000,
    );
    const collected = await Promise.all(
      this.workers.map((worker) =>
        worker.request<CollectResult>(
          "collect",
          { published: produced.published, timeoutMs: graceMs },
          graceMs + 30_000,
        ),
      ),
    );
    const after = await this.stats();
    const wallSeconds = (nowUs() - startUs) / 1e6;
    const histogram = new LatencyHistogram();
    for (const c of collected) histogram.merge(c.histogram);
    const received = collected.reduce((sum, c) => sum + c.received, 0);
    const expected = collected.reduce((sum, c) => sum + c.expected, 0);
    const peerCpuSeconds = cpuSecondsBetween(before.cpu, after.cpu);
    const brokerCpuSeconds =
      before.brokerCpu && after.brokerCpu
        ? cpuSecondsBetween(before.brokerCpu, after.brokerCpu)
        : undefined;
    return {
      rate: plan.rate,
      clients,
      deliveriesPerSec: plan.rate * clients,
      published: produced.published,
      expected,
      received,
      receivedRatio: expected === 0 ? 0 : received / expected,
      latency: {
        p50Ms: histogram.quantile(0.5) / 1000,
        p99Ms: histogram.quantile(0.99) / 1000,
        maxMs: histogram.total === 0 ? Number.NaN : histogram.maxUs / 1000,
      },
      peerCpuSeconds,
      peerSystemSeconds: (after.cpu.system - before.cpu.system) / 1e6,
      wallSeconds,
      peerCores: peerCpuSeconds / wallSeconds,
      cpuSecondsPerMillion: received === 0 ? Number.NaN : (peerCpuSeconds / received) * 1e6,
      ...(brokerCpuSeconds === undefined ? {} : { brokerCpuSeconds }),
      producerLagMs: produced.lagMs,
      generatorCores: collected.map((c) => c.cpuShare),
      openAfter: collected.reduce((sum, c) => sum + c.open, 0),
      stale: collected.reduce((sum, c) => sum + c.stale, 0),
    };
  }

  /**
   * Waits until the peer process uses under a tenth of a core (an overloaded peer may still be
   * flushing buffers), at least 500 ms and at most `maxMs`.
   */
  async waitIdle(maxMs: number): Promise<void> {
    const until = Date.now() + maxMs;
    await sleep(500);
    let last = await this.stats();
    let lastUs = nowUs();
    while (Date.now() < until) {
      await sleep(250);
      const now = await this.stats();
      const nowAt = nowUs();
      const used = now.cpu.user - last.cpu.user + now.cpu.system - last.cpu.system;
      if (used / (nowAt - lastUs) < 0.1) return;
      last = now;
      lastUs = nowAt;
    }
  }

  /** Clients first (RST, no TIME_WAIT), then the workers, then the peer; killed by PID if slow. */
  async stop(): Promise<void> {
    await Promise.all(
      this.workers.map((worker) => worker.request("close", undefined, 10_000).catch(() => {})),
    );
    await Promise.all(this.workers.map((worker) => worker.stop(3_000)));
    await this.peer.stop(5_000);
    await sleep(100);
  }
}
