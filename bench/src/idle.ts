import { sleep } from "./clock.js";
import type { BenchConfig } from "./config.js";
import type { IdleResult } from "./results.js";
import type { ConnectSummary, Rig } from "./rig.js";

/** The warm-up's producer: enough traffic to compile the fan-out path, not enough to load it. */
const WARMUP_RATE = 100;

/**
 * A few clients and a little traffic (JIT, lazily loaded code), then all closed and a forced
 * GC: the baseline an idle figure is measured against.
 */
export async function warmUp(rig: Rig, config: BenchConfig) {
  await rig.connect(config.warmupClients);
  await rig.measure({ rate: WARMUP_RATE, durationMs: config.warmupMs, tickMs: 0 }, 1_000);
  await rig.closeClients();
  await sleep(300);
  return rig.gc();
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
  await sleep(config.settleMs);
  const after = await rig.gc();
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
    },
  };
}
