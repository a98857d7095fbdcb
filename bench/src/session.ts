import type { BenchConfig } from "./config.js";
import { measureIdle } from "./idle.js";
import type { PeerSpec } from "./peers/catalog.js";
import { runRamp } from "./ramp.js";
import type { SessionResult } from "./results.js";
import { Rig } from "./rig.js";

/**
 * One peer with N clients, on a fresh peer process: baseline memory, idle memory with N
 * connections, then latency at a fixed low rate, CPU at a fixed equal load, and the bursty
 * throughput ramp (last: it may leave clients dropped or buffers full).
 */
export async function runSession(
  spec: PeerSpec,
  clients: number,
  round: number,
  config: BenchConfig,
  deadline: number,
  log: (line: string) => void,
): Promise<SessionResult> {
  const started = Date.now();
  const result: SessionResult = {
    round,
    peer: spec.name,
    clients,
    startedAt: new Date(started).toISOString(),
    durationMs: 0,
  };
  let rig: Rig | undefined;
  try {
    rig = await Rig.start(spec, config);

    const { idle: idleResult, connected } = await measureIdle(rig, clients, config);
    result.idle = idleResult;
    log(
      `  idle: ${idleResult.clients} clients in ${connected.ms} ms` +
        `${connected.failed > 0 ? ` (${connected.failed} failed: ${connected.errors.join(", ")})` : ""}, ` +
        `${(idleResult.rssPerConnectionBytes / 1024).toFixed(1)} KiB RSS per connection`,
    );
    if (connected.open === 0) throw new Error("no client could connect");

    const cpuRate = config.cpu.deliveriesPerSec / connected.open;
    await rig.measure({ rate: cpuRate, durationMs: config.warmupMs, tickMs: 0 }, 2_000);

    result.latency = await rig.measure(
      { rate: config.latency.rate, durationMs: config.latency.durationMs, tickMs: 0 },
      3_000,
    );
    const l = result.latency.latency;
    log(
      `  latency @${config.latency.rate}/s: p50 ${l.p50Ms.toFixed(2)} ms, p99 ${l.p99Ms.toFixed(2)} ms, ` +
        `max ${l.maxMs.toFixed(1)} ms, received ${(result.latency.receivedRatio * 100).toFixed(2)} %`,
    );

    result.cpu = await rig.measure(
      { rate: cpuRate, durationMs: config.cpu.durationMs, tickMs: 0 },
      3_000,
    );
    log(
      `  cpu @${config.cpu.deliveriesPerSec} deliveries/s: ` +
        `${result.cpu.cpuSecondsPerMillion.toFixed(2)} s per million (${result.cpu.peerCores.toFixed(2)} cores), ` +
        `received ${(result.cpu.receivedRatio * 100).toFixed(2)} %`,
    );

    result.cpuBursty = await rig.measure(
      { rate: cpuRate, durationMs: config.cpu.durationMs, tickMs: config.ramp.burstMs },
      3_000,
    );
    log(
      `  cpu @${config.cpu.deliveriesPerSec} deliveries/s in bursts every ${config.ramp.burstMs} ms: ` +
        `${result.cpuBursty.cpuSecondsPerMillion.toFixed(2)} s per million (${result.cpuBursty.peerCores.toFixed(2)} cores), ` +
        `received ${(result.cpuBursty.receivedRatio * 100).toFixed(2)} %`,
    );

    result.ramp = await runRamp(rig, clients, config, deadline);
    for (const step of result.ramp.steps) {
      log(
        `  ramp ${Math.round(step.deliveriesPerSec)}/s: ${step.pass ? "pass" : "FAIL"} ` +
          `(received ${(step.receivedRatio * 100).toFixed(2)} %, p99 ${step.latency.p99Ms.toFixed(1)} ms, ` +
          `peer ${step.peerCores.toFixed(2)} cores, load ${step.generatorCores.map((c) => c.toFixed(2)).join("+")} cores)` +
          `${step.reasons.length > 0 ? ` ${step.reasons.join("; ")}` : ""}`,
      );
    }
    log(
      `  highest sustained: ${Math.round(result.ramp.bestDeliveriesPerSec)} deliveries/s (${result.ramp.stoppedBy})` +
        `${result.ramp.limitedBy ? `; limit: ${result.ramp.limitedBy}` : ""}`,
    );
  } catch (error) {
    result.error = error instanceof Error ? error.message : String(error);
    log(`  session failed: ${result.error}`);
  } finally {
    await rig?.stop();
    result.durationMs = Date.now() - started;
  }
  return result;
}
