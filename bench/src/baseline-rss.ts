import { type ChildProcess, spawn } from "node:child_process";
import { freePort, HUB_BUNDLE, HUB_DIR, startNatsServer } from "@pulseboard/testkit";
import { sleep } from "./clock.js";
import { buildHubBundleFor } from "./peers/hub-bundle.js";
import { BENCH_HUB_ENV } from "./peers/hub-env.js";
import { processTree, treeUsage } from "./peers/process-tree.js";

/**
 * `pnpm --filter @pulseboard/bench baseline`: the resident memory of an idle hub as it ships
 * (the production bundle, no connections), embedded and on NATS with 1 and 2 workers: what a
 * hub costs before its first client. Each setup runs `--rounds` times (default 3) in a fresh
 * process; RSS is read 10 s after /readyz (start-up garbage collected, timers running),
 * summed over the primary and its workers. Prints a Markdown table.
 */

const SETTLE_MS = 10_000;
const roundsFlag = process.argv.slice(2).find((arg) => arg.startsWith("--rounds="));
const rounds = Number(roundsFlag?.slice("--rounds=".length) ?? "3");
if (!Number.isInteger(rounds) || rounds < 1)
  throw new Error(`--rounds: a whole number ≥ 1 (got ${roundsFlag})`);

interface Setup {
  label: string;
  workers: number;
  nats: boolean;
}

const SETUPS: Setup[] = [
  { label: "embedded broker", workers: 1, nats: false },
  { label: "NATS, 1 worker", workers: 1, nats: true },
  { label: "NATS, 2 workers", workers: 2, nats: true },
];

async function waitReady(url: string, hub: ChildProcess): Promise<void> {
  const until = Date.now() + 60_000;
  while (Date.now() < until) {
    if (hub.exitCode !== null) throw new Error(`hub exited (${hub.exitCode})`);
    if (
      await fetch(`${url}/readyz`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return;
    await sleep(100);
  }
  throw new Error("hub not ready after 60 s");
}

/** One fresh hub: its total RSS and each process's, in MiB. */
async function measure(setup: Setup): Promise<{ total: number; each: number[] }> {
  const nats = setup.nats ? await startNatsServer() : undefined;
  const port = await freePort();
  const hub = spawn(process.execPath, [HUB_BUNDLE], {
    cwd: HUB_DIR,
    env: {
      PATH: process.env.PATH ?? "",
      NODE_ENV: "production",
      ...BENCH_HUB_ENV,
      HUB_PORT: String(port),
      HUB_WORKERS: String(setup.workers),
      ...(nats ? { NATS_URL: nats.url } : {}),
    },
    stdio: "ignore",
  });
  try {
    await waitReady(`http://127.0.0.1:${port}`, hub);
    await sleep(SETTLE_MS);
    const pids = processTree(hub.pid as number);
    const each = pids.map((pid) => treeUsage([pid]).rssBytes / 2 ** 20);
    return { total: each.reduce((a, b) => a + b, 0), each };
  } finally {
    for (const pid of hub.pid ? processTree(hub.pid).reverse() : []) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // gone
      }
    }
    await nats?.stop();
  }
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] ?? Number.NaN)
    : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};

buildHubBundleFor(["pulseboard-1w"], (line) => console.error(line));
const results = new Map<string, { total: number[]; each: number[][] }>();
for (let round = 1; round <= rounds; round++) {
  for (const setup of SETUPS) {
    const m = await measure(setup);
    const entry = results.get(setup.label) ?? { total: [], each: [] };
    entry.total.push(m.total);
    entry.each.push(m.each);
    results.set(setup.label, entry);
    console.error(
      `round ${round} ${setup.label}: ${m.total.toFixed(1)} MiB (${m.each.map((v) => v.toFixed(1)).join(" + ")})`,
    );
  }
}
console.log(
  "| idle hub (production bundle, no connections) | RSS MiB, median | min–max | per process (median run) |",
);
console.log("| --- | --: | --: | --- |");
for (const setup of SETUPS) {
  const entry = results.get(setup.label);
  if (entry === undefined) continue;
  const mid = median(entry.total);
  const closest =
    entry.each[
      entry.total.indexOf(
        [...entry.total].sort((a, b) => Math.abs(a - mid) - Math.abs(b - mid))[0] ?? mid,
      )
    ] ?? [];
  console.log(
    `| ${setup.label} | ${mid.toFixed(1)} | ${Math.min(...entry.total).toFixed(1)}–${Math.max(...entry.total).toFixed(1)} | ${closest.map((v) => v.toFixed(1)).join(" + ")} |`,
  );
}
process.exit(0);
