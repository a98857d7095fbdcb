import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import {
  baseEnv,
  freePort,
  logTail,
  type StartedProcess,
  startHubBundle,
  startNatsServer,
  stopProcess,
} from "@pulseboard/testkit";
import WebSocket from "ws";
import { percentile } from "./browser/figures.js";
import { sleep } from "./clock.js";
import { loadAverage, rssMiB } from "./proc-stats.js";

/**
 * Subscribe storm (issue #13 item 3) against the hub's production bundle on a real nats-server:
 * `--connections` sockets each send `--per-second` messages, alternately subscribing to and
 * unsubscribing from 99 rooms, for `--storm-ms`, as the attack in the issue did. A bystander
 * pings every 50 ms and receives a playback published every 50 ms (over the hub's HTTP API,
 * which stores it in JetStream before it is delivered). Measured: the
 * bystander's ping round trip and publish → receive latency quiet vs during the storm vs after
 * it, hub and nats-server RSS, and what the attackers were answered (rate_limited, closes).
 * Targets: bystander p99 during the storm within 2× quiet; nats-server memory flat.
 *
 *   pnpm --filter @pulseboard/hub build && pnpm --filter @pulseboard/bench subscribe-storm
 */

const { values: args } = parseArgs({
  args: process.argv.slice(2).filter((arg, index) => index > 0 || arg !== "--"),
  options: {
    connections: { type: "string", default: "40" },
    "per-second": { type: "string", default: "18" },
    rooms: { type: "string", default: "99" },
    "quiet-ms": { type: "string", default: "10000" },
    "storm-ms": { type: "string", default: "10000" },
    "after-ms": { type: "string", default: "10000" },
    json: { type: "string" },
  },
});
const connections = Math.min(500, Number(args.connections));
const perSecond = Math.min(100, Number(args["per-second"]));
const roomCount = Math.min(100, Number(args.rooms));
const quietMs = Number(args["quiet-ms"]);
const stormMs = Number(args["storm-ms"]);
const afterMs = Number(args["after-ms"]);
const TICK_MS = 50;
const PUBLISH_TOKEN = "subscribe-storm-publish-token";

const now = () => performance.now();

/** One ping and one event every TICK_MS; round trips and latencies recorded per phase. */
class Bystander {
  private pings: number[] = [];
  private events: number[] = [];
  private readonly sentPings = new Map<number, number>();
  readonly publishedAt = new Map<string, number>();
  private socket: WebSocket | undefined;
  private timer: NodeJS.Timeout | undefined;

  async start(wsUrl: string): Promise<void> {
    const socket = new WebSocket(`${wsUrl}?rooms=bystander`);
    this.socket = socket;
    await new Promise<void>((resolve, reject) => {
      socket.on("message", (data) => {
        const text = String(data);
        if (text.includes('"type":"welcome"')) resolve();
        const ref = /"type":"pong".*"ref":(\d+)/.exec(text)?.[1];
        const sent = ref === undefined ? undefined : this.sentPings.get(Number(ref));
        if (sent !== undefined) this.pings.push(now() - sent);
        const id = /"id":"(bystander-\d+)"/.exec(text)?.[1];
        const at = id === undefined ? undefined : this.publishedAt.get(id);
        if (at !== undefined) this.events.push(now() - at);
      });
      socket.on("error", reject);
    });
    let n = 0;
    this.timer = setInterval(() => {
      this.sentPings.set(n, now());
      socket.send(JSON.stringify({ type: "ping", id: n++ }));
    }, TICK_MS);
  }

  takePhase() {
    const phase = {
      pings: this.pings.length,
      pingP50: percentile(this.pings, 0.5),
      pingP99: percentile(this.pings, 0.99),
      events: this.events.length,
      eventP50: percentile(this.events, 0.5),
      eventP99: percentile(this.events, 0.99),
    };
    this.pings = [];
    this.events = [];
    return phase;
  }

  stop(): void {
    clearInterval(this.timer);
    this.socket?.terminate();
  }
}

interface AttackTally {
  sent: number;
  subscribed: number;
  rateLimited: number;
  otherErrors: number;
  closes: Record<string, number>;
}

/** The storm: `connections` sockets alternating subscribe/unsubscribe of `roomCount` rooms. */
async function storm(wsUrl: string, tally: AttackTally): Promise<() => void> {
  const rooms = Array.from({ length: roomCount }, (_, i) => `storm-${i}`);
  const sockets = await Promise.all(
    Array.from(
      { length: connections },
      () =>
        new Promise<WebSocket>((resolve, reject) => {
          const socket = new WebSocket(`${wsUrl}?rooms=lobby`);
          socket.on("open", () => resolve(socket));
          socket.on("error", reject);
          socket.on("message", (data) => {
            const text = String(data);
            if (text.includes('"type":"subscribed"')) tally.subscribed++;
            else if (text.includes('"rate_limited"')) tally.rateLimited++;
            else if (text.includes('"type":"error"')) tally.otherErrors++;
          });
          socket.on("close", (code) => {
            tally.closes[code] = (tally.closes[code] ?? 0) + 1;
          });
        }),
    ),
  );
  let n = 0;
  const timer = setInterval(() => {
    for (const socket of sockets) {
      if (socket.readyState !== WebSocket.OPEN) continue;
      const type = n % 2 === 0 ? "subscribe" : "unsubscribe";
      socket.send(JSON.stringify({ type, id: `s${n}`, data: { rooms } }));
      tally.sent++;
    }
    n++;
  }, 1_000 / perSecond);
  return () => {
    clearInterval(timer);
    for (const socket of sockets) socket.terminate();
  };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "pulse-substorm-"));
  const nats = await startNatsServer();
  const port = await freePort();
  const httpUrl = `http://127.0.0.1:${port}`;
  const wsUrl = `ws://127.0.0.1:${port}/ws`;
  const logFile = join(dir, "hub.log");
  let hub: StartedProcess | undefined;
  const bystander = new Bystander();
  let stopStorm: (() => void) | undefined;
  let publishing: NodeJS.Timeout | undefined;
  try {
    hub = await startHubBundle({
      env: {
        ...baseEnv(),
        HUB_HOST: "127.0.0.1",
        HUB_PORT: String(port),
        HUB_AUTH: "none",
        HUB_LOG_LEVEL: "warn",
        NATS_URL: nats.url,
        HUB_PUBLISH_TOKEN: PUBLISH_TOKEN,
      },
      logFile,
      httpUrl,
    });
    const hubPid = hub.pid;
    await bystander.start(wsUrl);
    let n = 0;
    publishing = setInterval(() => {
      const id = `bystander-${n++}`;
      bystander.publishedAt.set(id, now());
      const data = { id, username: "by", title: "Bystander", media_type: "movie" };
      void fetch(`${httpUrl}/api/v1/publish`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${PUBLISH_TOKEN}` },
        body: JSON.stringify({ type: "playback", room: "bystander", data }),
        signal: AbortSignal.timeout(5_000),
      }).catch(() => {});
    }, TICK_MS);
    const memory = () => ({ hub: rssMiB(hubPid), nats: rssMiB(nats.pid) });
    console.log(`subscribe-storm: hub pid ${hubPid}, nats-server pid ${nats.pid}; quiet`);
    await sleep(quietMs);
    const quiet = { ...bystander.takePhase(), memory: memory() };

    const tally: AttackTally = {
      sent: 0,
      subscribed: 0,
      rateLimited: 0,
      otherErrors: 0,
      closes: {},
    };
    console.log(
      `subscribe-storm: ${connections} connections × ${perSecond}/s × ${roomCount} rooms`,
    );
    stopStorm = await storm(wsUrl, tally);
    const peak = { hub: 0, nats: 0 };
    const sampler = setInterval(() => {
      const m = memory();
      peak.hub = Math.max(peak.hub, m.hub);
      peak.nats = Math.max(peak.nats, m.nats);
    }, 500);
    await sleep(stormMs);
    stopStorm();
    const during = { ...bystander.takePhase(), peak };
    await sleep(afterMs);
    clearInterval(sampler);
    const after = { ...bystander.takePhase(), memory: memory(), peak };
    const result = {
      date: new Date().toISOString(),
      loadAverage: loadAverage(),
      storm: { connections, perSecond, rooms: roomCount, ms: stormMs, ...tally },
      quiet,
      during,
      after,
    };
    print(result);
    if (args.json) writeFileSync(args.json, `${JSON.stringify(result, null, 2)}\n`);
  } catch (error) {
    console.error(`subscribe-storm: ${error instanceof Error ? error.message : String(error)}`);
    console.error(logTail(logFile));
    process.exitCode = 1;
  } finally {
    clearInterval(publishing);
    stopStorm?.();
    bystander.stop();
    if (hub !== undefined) await stopProcess(hub.pid, hub.match);
    await nats.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

type Phase = ReturnType<Bystander["takePhase"]>;

function print(r: {
  quiet: Phase & { memory: { hub: number; nats: number } };
  during: Phase & { peak: { hub: number; nats: number } };
  after: Phase & { memory: { hub: number; nats: number } };
  storm: AttackTally;
  loadAverage: string;
}): void {
  const f = (v: number) => (Number.isFinite(v) ? v.toFixed(1) : "–");
  const row = (p: Phase) => [
    `${p.pings}, ${f(p.pingP50)} / ${f(p.pingP99)}`,
    `${p.events}, ${f(p.eventP50)} / ${f(p.eventP99)}`,
  ];
  const [qp, qe] = row(r.quiet);
  const [dp, de] = row(r.during);
  const [ap, ae] = row(r.after);
  console.log("\n| figure | quiet | storm | after |\n| --- | ---: | ---: | ---: |");
  console.log(`| bystander pings, round trip p50 / p99 (ms) | ${qp} | ${dp} | ${ap} |`);
  console.log(`| bystander events, publish → receive p50 / p99 (ms) | ${qe} | ${de} | ${ae} |`);
  console.log(
    `| hub RSS MiB (peak during storm+after) | ${f(r.quiet.memory.hub)} | ${f(r.during.peak.hub)} | ${f(r.after.memory.hub)} |`,
  );
  console.log(
    `| nats-server RSS MiB (peak during storm+after) | ${f(r.quiet.memory.nats)} | ${f(r.during.peak.nats)} | ${f(r.after.memory.nats)} |`,
  );
  const { sent, subscribed, rateLimited, otherErrors, closes } = r.storm;
  console.log(
    `\nstorm: ${sent} messages sent, ${subscribed} subscribed, ${rateLimited} rate_limited, ` +
      `${otherErrors} other errors, closes ${JSON.stringify(closes)}; load average ${r.loadAverage}`,
  );
  const ratio = r.during.pingP99 / r.quiet.pingP99;
  console.log(`bystander ping p99 storm / quiet: ${f(ratio)}× (target ≤ 2×)`);
}

await main();
