import { sleep } from "./clock.js";
import type { BenchConfig } from "./config.js";
import type { PeerStats } from "./peers/peer-runtime.js";
import type { IdleResult } from "./results.js";
import type { ConnectSummary, Rig } from "./rig.js";

/** The warm-up's producer: enough traffic to compile the fan-out path, not enough to load it. */
const WARMUP_RATE = 100;

/**
 * V8 grows its young generation (up to 2 × 16 MiB here) while a process allocates fast, as
 * it does while thousands of clients connect, and shrinks it back only at a collection when
 * its allocation rate of the last ~5 s is low: what the memory reducer does on any idle
 * server. A reading taken before that measures the storm's young generation (tens of MiB,
 * more than 1,000 connections' own memory), so both readings wait for it, up to a bound.
 */
const YOUNG_GENERATION_SETTLED_BYTES = 2 * 1024 * 1024;
const SETTLE_POLL_MS = 1_000;
const SETTLE_MAX_MS = 20_000;

/** Forced collections until the peer is idle to V8 (see above), after at least `minMs`. */
export async function settledMemory(rig: Rig, minMs: number): Promise<PeerStats> {
  await sleep(minMs);
  const until = Date.now() + SETTLE_MAX_MS;
  let stats = await rig.gc();
  while (
    stats.newSpaceBytes !== undefined &&
    stats.newSpaceBytes > YOUNG_GENERATION_SETTLED_BYTES &&
    Date.now() < until
  ) {
    await sleep(SETTLE_POLL_MS);
    stats = await rig.gc();
  }
  return stats;
}

/**
 * A few clients and a little traffic (JIT, lazily loaded code), then all closed and a forced
 * GC: the baseline an idle figure is measured against.
 */
export async function warmUp(rig: Rig, config: BenchConfig) {
  await rig.connect(config.warmupClients);
  await rig.measure({ rate: WARMUP_RATE, durationMs: config.warmupMs, tickMs: 0 }, 1_000);
  await rig.closeClients();
  return settledMemory(rig, 300);
}

/**
 * N clients connect and stay idle; after the settle pause and a forced GC, what each costs in
 * RSS and V8 heap over the warm baseline.
 */
export async function measureIdle(
  rig: Rig,
  clients: number,
  config: BenchConfig,
): Promise<{ idle: IdleResult; connected: ConnectSummary }> {
  const base = await warmUp(rig, config);
  const connected = await rig.connect(clients);
  const after = await settledMemory(rig, config.settleMs);
  const held = Math.max(1, after.connections);
  return {
    connected,
    idle: {
      clients: after.connections,
      connectMs: connected.ms,
      connectFailed: connected.failed,
      connectErrors: connected.errors,
      rssBaseBytes: base.memory.rss,
      rssIdleBytes: after.memory.rss,
      rssPerConnectionBytes: (after.memory.rss - base.memory.rss) / held,
      heapPerConnectionBytes: (after.memory.heapUsed - base.memory.heapUsed) / held,
      collected: after.collected !== false,
      ...(after.newSpaceBytes === undefined ? {} : { youngGenerationBytes: after.newSpaceBytes }),
    },
  };
}
