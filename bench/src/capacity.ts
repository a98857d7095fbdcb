import { readFileSync } from "node:fs";
import type { BenchConfig } from "./config.js";
import { settledMemory } from "./idle.js";
import type { PeerSpec } from "./peers/catalog.js";
import type { CapacityResult } from "./results.js";
import { Rig } from "./rig.js";

/** File descriptors a peer needs besides its sockets (stdio, epoll, IPC, listener, ...). */
const FD_RESERVE = 200;

/** The soft limit on open files that child processes inherit (`ulimit -n`). */
export function openFileLimit(): number {
  try {
    const line = readFileSync("/proc/self/limits", "utf8")
      .split("\n")
      .find((l) => l.startsWith("Max open files"));
    const soft = line?.split(/\s{2,}/)[1];
    const value = Number(soft);
    return Number.isFinite(value) ? value : Number.POSITIVE_INFINITY;
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}

/**
 * The most idle connections one peer process holds: open up to the target (capped by the
 * open-file limit, which a process cannot raise past its hard limit), GC, RSS, then one event
 * to everyone to check the connections are live.
 */
export async function runCapacity(
  spec: PeerSpec,
  config: BenchConfig,
  log: (line: string) => void,
): Promise<CapacityResult> {
  const limit = openFileLimit();
  const cap = limit - FD_RESERVE;
  const target = Math.min(config.capacity.target, cap);
  const result: CapacityResult = {
    peer: spec.name,
    requested: config.capacity.target,
    target,
    limitedBy:
      target < config.capacity.target
        ? `open-file limit (ulimit -n ${limit}; hard limit, not raisable here)`
        : undefined,
    held: 0,
    connectMs: 0,
    connectFailed: 0,
    connectErrors: [],
    rssBytes: Number.NaN,
    rssPerConnectionBytes: Number.NaN,
    probeReceivedRatio: Number.NaN,
    probeP99Ms: Number.NaN,
  };
  // Each load worker is bound by the same limit: enough workers for their share to fit.
  const workers = Math.max(config.workers, Math.ceil(target / cap));
  let rig: Rig | undefined;
  try {
    rig = await Rig.start(spec, config, workers);
    await rig.connect(config.warmupClients);
    await rig.closeClients();
    const base = await settledMemory(rig, 300);
    const connected = await rig.connect(target, config.capacity.connectTimeoutMs);
    result.connectMs = connected.ms;
    result.connectFailed = connected.failed;
    result.connectErrors = connected.errors;
    const idle = await settledMemory(rig, config.settleMs);
    result.held = idle.connections;
    result.rssBytes = idle.memory.rss;
    result.rssPerConnectionBytes =
      (idle.memory.rss - base.memory.rss) / Math.max(1, idle.connections);
    const probe = await rig.measure({ rate: 1, durationMs: 1, tickMs: 0 }, 15_000);
    result.probeReceivedRatio = probe.receivedRatio;
    result.probeP99Ms = probe.latency.p99Ms;
    log(
      `  capacity: ${result.held} connections held (target ${target}${result.limitedBy ? `, ${result.limitedBy}` : ""}) ` +
        `in ${connected.ms} ms, RSS ${(result.rssBytes / 2 ** 20).toFixed(0)} MiB, ` +
        `${(result.rssPerConnectionBytes / 1024).toFixed(1)} KiB each, probe received ${(probe.receivedRatio * 100).toFixed(2)} %`,
    );
  } catch (error) {
    result.error = error instanceof Error ? error.message : String(error);
    log(`  capacity failed: ${result.error}`);
  } finally {
    await rig?.stop();
  }
  return result;
}
