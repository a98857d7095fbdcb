import { fork } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import {
  baseEnv,
  freePort,
  HUB_BUNDLE,
  logTail,
  type StartedProcess,
  startHubBundle,
  stopProcess,
} from "@pulseboard/testkit";
import WebSocket from "ws";
import { percentile } from "../browser/figures.js";
import { sleep } from "../clock.js";
import { loadAverage, openFds, rssMiB } from "../proc-stats.js";
import type { AttackerReport } from "./attacker.js";

/**
 * Slowloris probe (issue #13 item 4) against the hub's PRODUCTION bundle: attacker processes hold
 * up to `--sockets` connections that never finish their upgrade headers, from 254 × attackers
 * source addresses, while legitimate clients keep connecting from 127.0.0.1 and an established
 * client keeps receiving published events. Measured quiet first, then under attack, in one run.
 * Bounded: every phase has a deadline; the script stops every process it started, by PID.
 *
 *   pnpm --filter @pulseboard/hub build && pnpm --filter @pulseboard/bench slowloris
 */

const { values: args } = parseArgs({
  args: process.argv.slice(2).filter((arg, index) => index > 0 || arg !== "--"),
  options: {
    sockets: { type: "string", default: "20000" },
    attackers: { type: "string", default: "2" },
    "quiet-ms": { type: "string", default: "10000" },
    "attack-ms": { type: "string", default: "30000" },
    "ramp-ms": { type: "string", default: "30000" },
    "probe-every-ms": { type: "string", default: "250" },
    json: { type: "string" },
  },
});
const socketsWanted = Math.min(40_000, Number(args.sockets));
const attackerCount = Math.max(1, Math.min(8, Number(args.attackers)));
const quietMs = Number(args["quiet-ms"]);
const attackMs = Number(args["attack-ms"]);
const rampMs = Number(args["ramp-ms"]);
const probeEveryMs = Number(args["probe-every-ms"]);
const PROBE_TIMEOUT_MS = 10_000;
const PUBLISH_EVERY_MS = 100;
/** Publishing over HTTP is off unless the hub has a token. */
const PUBLISH_TOKEN = "slowloris-probe-publish-token";

const now = () => performance.now();

interface ProbeResult {
  ok: boolean;
  ms: number;
}

/** A legitimate client: connect, wait for `subscribed`, close. */
function probe(wsUrl: string): Promise<ProbeResult> {
  const started = now();
  return new Promise((resolve) => {
    const socket = new WebSocket(`${wsUrl}?rooms=probe`);
    const finish = (ok: boolean) => {
      clearTimeout(timer);
      socket.terminate();
      resolve({ ok, ms: now() - started });
    };
    const timer = setTimeout(() => finish(false), PROBE_TIMEOUT_MS);
    socket.on("message", (data) => {
      if (String(data).includes('"type":"subscribed"')) finish(true);
    });
    socket.on("error", () => finish(false));
    socket.on("close", () => finish(false));
  });
}

/** Probes every `probeEveryMs` for `durationMs`, concurrently (a slow answer does not delay the next). */
async function probeFor(wsUrl: string, durationMs: number): Promise<ProbeResult[]> {
  const pending: Promise<ProbeResult>[] = [];
  const end = now() + durationMs;
  while (now() < end) {
    pending.push(probe(wsUrl));
    await sleep(probeEveryMs);
  }
  return Promise.all(pending);
}

/** An established client on `global` and a producer publishing to it over HTTP. */
class Bystander {
  /** By the event's `id`: the event can reach the socket before the publish's answer does. */
  readonly publishedAt = new Map<string, number>();
  readonly latencies: number[] = [];
  publishErrors = 0;
  private socket: WebSocket | undefined;
  private timer: NodeJS.Timeout | undefined;
  private phase: number[] = [];

  async start(wsUrl: string, httpUrl: string): Promise<void> {
    const socket = new WebSocket(`${wsUrl}?rooms=global`);
    this.socket = socket;
    await new Promise<void>((resolve, reject) => {
      socket.on("message", (data) => {
        const text = String(data);
        if (text.includes('"type":"subscribed"')) resolve();
        const id = /"id":"(slowloris-\d+)"/.exec(text)?.[1];
        const at = id === undefined ? undefined : this.publishedAt.get(id);
        if (at !== undefined) this.phase.push(now() - at);
      });
      socket.on("error", reject);
    });
    let n = 0;
    this.timer = setInterval(() => {
      const id = `slowloris-${n}`;
      this.publishedAt.set(id, now());
      const body = JSON.stringify({
        type: "playback",
        room: "global",
        data: { id, username: `u${n % 7}`, title: "Probe", media_type: "movie" },
      });
      n++;
      fetch(`${httpUrl}/api/v1/publish`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${PUBLISH_TOKEN}` },
        body,
        signal: AbortSignal.timeout(5_000),
      })
        .then((response) => {
          if (!response.ok) this.publishErrors++;
        })
        .catch(() => this.publishErrors++);
    }, PUBLISH_EVERY_MS);
  }

  /** Latencies since the last call, and restarts the count. */
  takePhase(): number[] {
    const phase = this.phase;
    this.phase = [];
    return phase;
  }

  stop(): void {
    clearInterval(this.timer);
    this.socket?.terminate();
  }
}

async function metricValue(httpUrl: string, name: string): Promise<string> {
  const text = await (await fetch(`${httpUrl}/metrics`)).text();
  return text
    .split("\n")
    .filter((line) => line.startsWith(name))
    .map((line) => line.replace(name, "").trim())
    .join(", ");
}

function summarize(results: ProbeResult[]) {
  const ok = results.filter((r) => r.ok).map((r) => r.ms);
  return {
    probes: results.length,
    ok: ok.length,
    p50: percentile(ok, 0.5),
    p99: percentile(ok, 0.99),
    max: ok.length === 0 ? Number.NaN : Math.max(...ok),
  };
}

async function main(): Promise<void> {
  if (!existsSync(HUB_BUNDLE)) {
    throw new Error(`${HUB_BUNDLE} is missing: run \`pnpm --filter @pulseboard/hub build\` first`);
  }
  const dir = mkdtempSync(join(tmpdir(), "pulse-slowloris-"));
  const port = await freePort();
  const httpUrl = `http://127.0.0.1:${port}`;
  const wsUrl = `ws://127.0.0.1:${port}/ws`;
  const logFile = join(dir, "hub.log");
  let hub: StartedProcess | undefined;
  const attackers: ReturnType<typeof fork>[] = [];
  const reports = new Map<number, AttackerReport>();
  const bystander = new Bystander();
  try {
    hub = await startHubBundle({
      env: {
        ...baseEnv(),
        HUB_HOST: "127.0.0.1",
        HUB_PORT: String(port),
        HUB_AUTH: "none",
        HUB_LOG_LEVEL: "warn",
        HUB_PUBLISH_TOKEN: PUBLISH_TOKEN,
      },
      logFile,
      httpUrl,
    });
    const pid = hub.pid;
    await bystander.start(wsUrl, httpUrl);
    console.log(`slowloris: hub bundle pid ${pid} on ${httpUrl}; quiet ${quietMs / 1000} s`);
    const quiet = summarize(await probeFor(wsUrl, quietMs));
    const quietLatency = bystander.takePhase();
    const quietFds = openFds(pid);
    const quietRss = rssMiB(pid);

    const perAttacker = Math.ceil(socketsWanted / attackerCount);
    for (let i = 0; i < attackerCount; i++) {
      const child = fork(
        join(import.meta.dirname, "attacker.ts"),
        [
          "--attacker",
          JSON.stringify({ port, sockets: perAttacker, block: 10 + i, dialsPerSecond: 2_000 }),
        ],
        { execArgv: ["--import", "tsx"], stdio: ["ignore", "inherit", "inherit", "ipc"] },
      );
      child.on("message", (message: { type: string; report: AttackerReport }) => {
        if (message.type === "report") reports.set(i, message.report);
      });
      attackers.push(child);
    }
    const total = () => {
      const sum: AttackerReport = {
        open: 0,
        dialled: 0,
        closedByHub: 0,
        answered408: 0,
        dialErrors: 0,
      };
      for (const r of reports.values()) {
        for (const key of Object.keys(sum) as (keyof AttackerReport)[]) sum[key] += r[key];
      }
      return sum;
    };
    // Ramp: until the attackers hold what they want or the ramp deadline passes.
    const rampEnd = now() + rampMs;
    let peakOpen = 0;
    while (now() < rampEnd && total().dialled < socketsWanted) {
      await sleep(500);
      peakOpen = Math.max(peakOpen, total().open);
    }
    console.log(
      `slowloris: attack ramped (${JSON.stringify(total())}); probing ${attackMs / 1000} s`,
    );
    bystander.takePhase();
    const samples: { fds: number; rss: number; open: number }[] = [];
    const sampler = setInterval(() => {
      const open = total().open;
      peakOpen = Math.max(peakOpen, open);
      samples.push({ fds: openFds(pid), rss: rssMiB(pid), open });
    }, 1_000);
    const attack = summarize(await probeFor(wsUrl, attackMs));
    clearInterval(sampler);
    const attackLatency = bystander.takePhase();
    const pendingDrops = await metricValue(httpUrl, "pulseboard_pending_connection_drops_total");
    const attackTotals = total();

    const result = {
      date: new Date().toISOString(),
      loadAverage: loadAverage(),
      socketsWanted,
      attackers: attackerCount,
      sourceAddresses: attackerCount * 254,
      attack: { ...attackTotals, peakOpen },
      quiet: {
        probes: quiet,
        bystander: latencyOf(quietLatency),
        hubFds: quietFds,
        hubRssMiB: quietRss,
      },
      underAttack: {
        probes: attack,
        bystander: latencyOf(attackLatency),
        hubFdsMax: Math.max(...samples.map((s) => s.fds)),
        hubRssMiBMax: Math.max(...samples.map((s) => s.rss)),
      },
      publishErrors: bystander.publishErrors,
      pendingDrops,
    };
    printTable(result);
    if (args.json) writeFileSync(args.json, `${JSON.stringify(result, null, 2)}\n`);
  } catch (error) {
    console.error(`slowloris: ${error instanceof Error ? error.message : String(error)}`);
    if (existsSync(logFile)) console.error(logTail(logFile));
    process.exitCode = 1;
  } finally {
    bystander.stop();
    for (const child of attackers) {
      child.send("stop");
      child.disconnect();
    }
    if (hub !== undefined) await stopProcess(hub.pid, hub.match);
    rmSync(dir, { recursive: true, force: true });
  }
}

function latencyOf(ms: number[]) {
  return { events: ms.length, p50: percentile(ms, 0.5), p99: percentile(ms, 0.99) };
}

function printTable(r: {
  quiet: {
    probes: ReturnType<typeof summarize>;
    bystander: ReturnType<typeof latencyOf>;
    hubFds: number;
    hubRssMiB: number;
  };
  underAttack: {
    probes: ReturnType<typeof summarize>;
    bystander: ReturnType<typeof latencyOf>;
    hubFdsMax: number;
    hubRssMiBMax: number;
  };
  attack: AttackerReport & { peakOpen: number };
  loadAverage: string;
  pendingDrops: string;
  publishErrors: number;
}): void {
  const ms = (value: number) => (Number.isFinite(value) ? value.toFixed(1) : "–");
  const rows: [string, string, string][] = [
    [
      "new clients connected (of probes)",
      `${r.quiet.probes.ok} of ${r.quiet.probes.probes}`,
      `${r.underAttack.probes.ok} of ${r.underAttack.probes.probes}`,
    ],
    [
      "connect → subscribed p50 / p99 / max (ms)",
      `${ms(r.quiet.probes.p50)} / ${ms(r.quiet.probes.p99)} / ${ms(r.quiet.probes.max)}`,
      `${ms(r.underAttack.probes.p50)} / ${ms(r.underAttack.probes.p99)} / ${ms(r.underAttack.probes.max)}`,
    ],
    [
      "established client: events, publish → receive p50 / p99 (ms)",
      `${r.quiet.bystander.events}, ${ms(r.quiet.bystander.p50)} / ${ms(r.quiet.bystander.p99)}`,
      `${r.underAttack.bystander.events}, ${ms(r.underAttack.bystander.p50)} / ${ms(r.underAttack.bystander.p99)}`,
    ],
    ["hub file descriptors (max)", String(r.quiet.hubFds), String(r.underAttack.hubFdsMax)],
    ["hub RSS MiB (max)", ms(r.quiet.hubRssMiB), ms(r.underAttack.hubRssMiBMax)],
  ];
  console.log("\n| figure | quiet | under attack |\n| --- | ---: | ---: |");
  for (const [name, quiet, attack] of rows) console.log(`| ${name} | ${quiet} | ${attack} |`);
  console.log(
    `\nattack: peak ${r.attack.peakOpen} half-open sockets held, ${r.attack.dialled} dialled, ` +
      `${r.attack.closedByHub} closed by the hub (${r.attack.answered408} with 408), ` +
      `${r.attack.dialErrors} dials failed; pending drops: ${r.pendingDrops || "none"}; ` +
      `publish errors ${r.publishErrors}; load average ${r.loadAverage}`,
  );
}

await main();
