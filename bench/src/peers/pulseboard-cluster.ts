import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { jetstream } from "@nats-io/jetstream";
import { connect } from "@nats-io/transport-node";
import { freePort, HUB_BUNDLE, HUB_DIR, startNatsServer } from "@pulseboard/testkit";
import { sleep } from "../clock.js";
import { EVENT_TYPE } from "../payload.js";
import { BENCH_HUB_ENV } from "./hub-env.js";
import { PEER_HOST, type PeerStats, runPeer } from "./peer-runtime.js";
import { processTree, treeUsage } from "./process-tree.js";

/**
 * Pulseboard as a multi-core deployment runs it: the hub's production bundle with
 * `HUB_WORKERS=<BENCH_HUB_WORKERS>` on a real nats-server of its own, fed by a producer that
 * publishes to JetStream the way an external producer does (`pulse.<room>.playback`, the event's
 * data as JSON). This process is only the harness: the hub's CPU and memory are read from /proc
 * for the primary and all its workers together, nats-server's apart. The producer's own
 * publishing cost is not charged to the hub (in the embedded peer it is).
 */

const ROOM = "global";
const READY_TIMEOUT_MS = 60_000;
const workers = Number(process.env.BENCH_HUB_WORKERS ?? "1");
if (!Number.isInteger(workers) || workers < 1) {
  throw new Error(
    `BENCH_HUB_WORKERS must be a whole number ≥ 1 (got ${process.env.BENCH_HUB_WORKERS})`,
  );
}

/** Sums one metric's samples over every line of a Prometheus text scrape (all workers). */
function sumMetric(text: string, name: string): number {
  let sum = 0;
  for (const line of text.split("\n")) {
    if (!line.startsWith(name)) continue;
    const rest = line.slice(name.length);
    if (rest[0] !== " " && rest[0] !== "{") continue;
    sum += Number(line.slice(line.lastIndexOf(" ") + 1));
  }
  return sum;
}

async function waitReady(url: string, hub: ChildProcess, output: () => string): Promise<void> {
  const until = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < until) {
    if (hub.exitCode !== null) throw new Error(`hub exited (${hub.exitCode}):\n${output()}`);
    const ok = await fetch(`${url}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await sleep(100);
  }
  throw new Error(`hub not ready after ${READY_TIMEOUT_MS} ms:\n${output()}`);
}

await runPeer(`pulseboard-${workers}w`, async () => {
  if (!existsSync(HUB_BUNDLE)) {
    throw new Error(`${HUB_BUNDLE} is missing: run \`pnpm --filter @pulseboard/hub build\``);
  }
  const nats = await startNatsServer();
  const port = await freePort();
  const url = `http://${PEER_HOST}:${port}`;
  const hub = spawn(process.execPath, [HUB_BUNDLE], {
    cwd: HUB_DIR,
    env: {
      PATH: process.env.PATH ?? "",
      NODE_ENV: "production",
      NATS_URL: nats.url,
      HUB_WORKERS: String(workers),
      ...BENCH_HUB_ENV,
      HUB_PORT: String(port),
    },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let output = "";
  hub.stderr?.on("data", (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-8_000);
  });
  // This harness may be killed by PID: its hub and nats-server must not outlive it.
  const killAll = () => {
    for (const pid of [...(hub.pid ? processTree(hub.pid) : []), nats.pid]) {
      try {
        if (pid !== undefined) process.kill(pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
  };
  process.once("exit", killAll);
  process.once("SIGTERM", () => process.exit(0));

  await waitReady(url, hub, () => output);
  const hubPids = processTree(hub.pid as number);
  if (hubPids.length !== (workers > 1 ? workers + 1 : 1)) {
    throw new Error(`expected ${workers} hub workers, found processes ${hubPids.join(", ")}`);
  }
  const nc = await connect({ servers: nats.url });
  const js = jetstream(nc);
  const subject = `pulse.${ROOM}.${EVENT_TYPE}`;
  const onError = (error: unknown) =>
    console.error("pulseboard cluster peer: publish failed", error);

  let connections = 0;
  return {
    port,
    emit: (data) => {
      js.publish(subject, JSON.stringify(data)).catch(onError);
    },
    connections: () => connections,
    usage: async (detailed): Promise<PeerStats> => {
      const usage = treeUsage(hubPids);
      let heapUsed = Number.NaN;
      if (detailed) {
        const text = await (await fetch(`${url}/metrics`)).text();
        connections = sumMetric(text, "pulseboard_connections");
        heapUsed = sumMetric(text, "nodejs_heap_size_used_bytes");
      }
      return {
        cpu: usage.cpu,
        memory: { rss: usage.rssBytes, heapUsed },
        connections,
        brokerCpu: nats.pid === undefined ? undefined : treeUsage([nats.pid]).cpu,
        collected: false,
      };
    },
    close: async () => {
      hub.kill("SIGTERM");
      await Promise.race([new Promise((resolve) => hub.once("exit", resolve)), sleep(3_000)]);
      await nc.close().catch(() => {});
      await nats.stop();
      killAll();
    },
  };
});
