/**
 * Restart storm: N resuming clients, a hub process on a real nats-server, events at a fixed
 * rate, `kill -9` of the hub, the hub down for a while, then restarted on the same port. Measures
 * how long until every client resumed (its `subscribed` after the restart), gaps and duplicates
 * per client against what the producer stored, resets, closes by code, the hub's "catch-up
 * failed" log lines and nats-server's slow-consumer count (/varz).
 *
 * Bounded and local: 127.0.0.1 only, at most 5,000 clients, every wait has a deadline, and it
 * stops every process it started (by PID) before it exits.
 *
 *   pnpm --filter @pulseboard/bench storm [--clients 1500] [--rate 100] [--rooms 10]
 *     [--down-ms 15000] [--history 0] [--hub-dir ../apps/hub] [--hub-env NAME=value]...
 *     [--json out.json]
 *
 * `--history N` (N > 0): after the restart the clients come back as reloaded pages do with
 * history on open (protocol 1.1), `history=N` instead of `since`: each gets its room's newest N
 * events and snapshot, then live. Gaps are then only counted after that catch-up's boundary.
 * The hub's CPU time from its restart until every client is back is reported either way.
 *
 * `--hub-dir` runs the hub from another checkout's sources (a git worktree of an older commit,
 * with its dependencies installed), for before/after figures; the producer and the clients are
 * this checkout's.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { closeSync, openSync, readFileSync, writeFileSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { createHubApp, loadConfig } from "@pulseboard/hub";
import { freePorts, startNatsServer } from "@pulseboard/testkit";
import WebSocket from "ws";

const HOST = "127.0.0.1";
const MAX_CLIENTS = 5_000;
/** Deadlines: connecting everyone, the hub starting, everyone resuming after the restart. */
const CONNECT_DEADLINE_MS = 120_000;
const START_DEADLINE_MS = 60_000;
const RESUME_DEADLINE_MS = 120_000;
/** Events keep flowing this long before the kill and after everyone resumed. */
const STEADY_MS = 5_000;
/** After the producer stops, how long clients get to receive what is in flight. */
const DRAIN_MS = 3_000;
/** Client reconnect backoff as @pulseboard/client does it: random(0, min(cap, base·2^n)). */
const BACKOFF_BASE_MS = 500;
const BACKOFF_CAP_MS = 10_000;

const { values: args } = parseArgs({
  // `pnpm storm -- --clients 10` passes the `--` through.
  args: process.argv.slice(2).filter((arg, index) => index > 0 || arg !== "--"),
  options: {
    clients: { type: "string", default: "1500" },
    rate: { type: "string", default: "100" },
    rooms: { type: "string", default: "10" },
    "down-ms": { type: "string", default: "15000" },
    "hub-dir": { type: "string", default: join(import.meta.dirname, "..", "..", "apps", "hub") },
    json: { type: "string" },
    history: { type: "string", default: "0" },
    /** Extra hub settings, repeatable: `--hub-env HUB_RECENT_EVENTS=0`. */
    "hub-env": { type: "string", multiple: true, default: [] },
  },
});
const clientCount = Math.min(MAX_CLIENTS, Number(args.clients));
const rate = Number(args.rate);
const roomCount = Number(args.rooms);
const downMs = Number(args["down-ms"]);
const hubDir = resolve(args["hub-dir"]);
const rooms = Array.from({ length: roomCount }, (_, i) => `storm${i}`);
const history = Number(args.history);

const now = () => performance.now();
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));
async function until(check: () => boolean, deadlineMs: number, what: string): Promise<boolean> {
  const end = now() + deadlineMs;
  while (!check()) {
    if (now() > end) {
      console.error(`storm: gave up waiting for ${what} after ${deadlineMs} ms`);
      return false;
    }
    await sleep(20);
  }
  return true;
}

/** One resuming client, as the client package behaves: backoff with jitter, `since`, `epoch`. */
class StormClient {
  readonly received: number[] = [];
  lastSeq = 0;
  epoch = "";
  subscribedAt: number[] = [];
  /** The `seq` of each `subscribed`: live from there. */
  readonly subscribedSeqs: number[] = [];
  /** Per successful connection: socket open → `subscribed` (the hub's catch-up), with its open time. */
  readonly catchUps: { openedAt: number; ms: number }[] = [];
  private openedAt = 0;
  resets = 0;
  failures = 0;
  readonly closes = new Map<number, number>();
  private socket: WebSocket | undefined;
  private stopped = false;

  constructor(
    private readonly url: () => string,
    readonly room: string,
  ) {}

  connect(): void {
    if (this.stopped) return;
    let since = this.epoch === "" ? "" : `&since=${this.lastSeq}&epoch=${this.epoch}`;
    // A reloaded page with history on open: no position, the room's newest events instead.
    if (history > 0 && this.epoch !== "") since = `&history=${history}`;
    const socket = new WebSocket(`${this.url()}?rooms=${this.room}${since}`);
    this.socket = socket;
    socket.on("open", () => {
      this.openedAt = now();
    });
    socket.on("message", (data) => this.onMessage(data.toString()));
    socket.on("error", () => undefined);
    socket.on("close", (code) => {
      this.closes.set(code, (this.closes.get(code) ?? 0) + 1);
      if (this.stopped) return;
      const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** this.failures++);
      setTimeout(() => this.connect(), Math.floor(Math.random() * ceiling));
    });
  }

  stop(): void {
    this.stopped = true;
    this.socket?.terminate();
  }

  private onMessage(text: string): void {
    const message = JSON.parse(text) as { type: string; seq?: number; data?: unknown };
    if (message.type === "welcome") {
      this.epoch = (message.data as { epoch: string }).epoch;
    } else if (message.type === "subscribed") {
      this.subscribedAt.push(now());
      this.subscribedSeqs.push((message.data as { seq: number }).seq);
      this.catchUps.push({ openedAt: this.openedAt, ms: now() - this.openedAt });
      this.failures = 0;
      this.lastSeq = Math.max(this.lastSeq, (message.data as { seq: number }).seq);
    } else if (message.type === "reset") {
      this.resets++;
    } else if (typeof message.seq === "number") {
      this.received.push(message.seq);
      this.lastSeq = Math.max(this.lastSeq, message.seq);
    }
  }
}

interface HubHandle {
  child: ChildProcess;
  exited: Promise<void>;
}

function startHub(env: Record<string, string>, logFile: string): HubHandle {
  const fd = openSync(logFile, "a");
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd: hubDir,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env },
    stdio: ["ignore", fd, fd],
  });
  closeSync(fd);
  const exited = new Promise<void>((done) => child.once("exit", () => done()));
  return { child, exited };
}

async function ready(httpUrl: string): Promise<boolean> {
  try {
    return (await fetch(`${httpUrl}/readyz`)).ok;
  } catch {
    return false;
  }
}

async function slowConsumers(monitorUrl: string): Promise<number> {
  const varz = (await (await fetch(`${monitorUrl}/varz`)).json()) as { slow_consumers?: number };
  return varz.slow_consumers ?? 0;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

async function main(): Promise<void> {
  const [hubPort = 0, monitorPort = 0] = await freePorts(2);
  const nats = await startNatsServer({ args: ["-m", String(monitorPort)] });
  const monitorUrl = `http://${HOST}:${monitorPort}`;
  const logDir = await mkdtemp(join(tmpdir(), "pulse-storm-"));
  const hubLog = join(logDir, "hub.log");
  const httpUrl = `http://${HOST}:${hubPort}`;
  const hubEnv = {
    NATS_URL: nats.url,
    HUB_HOST: HOST,
    HUB_PORT: String(hubPort),
    HUB_AUTH: "none",
    HUB_DEMO: "0",
    HUB_LOG_LEVEL: "warn",
    HUB_MAX_CONNECTIONS: "1000000",
    HUB_MAX_CONNECTIONS_PER_IP: "1000000",
    HUB_MAX_PENDING_CONNECTIONS: "1000000",
    HUB_MAX_PENDING_PER_IP: "1000000",
    ...Object.fromEntries(args["hub-env"].map((pair) => pair.split("=", 2) as [string, string])),
  };
  // The producer: a hub app in this process (NATS engine), publishing through its broker.
  const producer = createHubApp(
    loadConfig({ ...hubEnv, HUB_PORT: "0", HUB_LOG_LEVEL: "error", HUB_HOST: HOST }),
  );
  let hub: HubHandle | undefined;
  const clients: StormClient[] = [];
  let producing: NodeJS.Timeout | undefined;
  try {
    await producer.start();
    hub = startHub(hubEnv, hubLog);
    if (!(await waitReady(httpUrl))) throw new Error("hub did not start");

    const wsUrl = `ws://${HOST}:${hubPort}/ws`;
    for (let i = 0; i < clientCount; i++) {
      clients.push(new StormClient(() => wsUrl, rooms[i % roomCount] ?? "storm0"));
    }
    for (const [i, client] of clients.entries()) {
      client.connect();
      if (i % 100 === 99) await sleep(50);
    }
    const connected = await until(
      () => clients.every((c) => c.subscribedAt.length > 0),
      CONNECT_DEADLINE_MS,
      "every client's first subscribed",
    );
    if (!connected) throw new Error("clients did not connect");

    // Events at a fixed rate, round-robin over the rooms, seqs recorded per room.
    const published = new Map<string, number[]>(rooms.map((room) => [room, []]));
    let publishErrors = 0;
    let sent = 0;
    const tickMs = 10;
    const perTick = rate / (1000 / tickMs);
    let owed = 0;
    producing = setInterval(() => {
      owed += perTick;
      const batch: Parameters<typeof producer.broker.publish>[0][number][] = [];
      for (; owed >= 1; owed--) {
        const room = rooms[sent++ % roomCount] ?? "storm0";
        batch.push({ room, type: "playback" as const, data: playbackData(sent) });
      }
      if (batch.length === 0) return;
      producer.broker.publish(batch).then(
        ({ seqs }) => {
          for (const [i, seq] of seqs.entries()) published.get(batch[i]?.room ?? "")?.push(seq);
        },
        () => {
          publishErrors += batch.length;
        },
      );
    }, tickMs);

    await sleep(STEADY_MS);
    const slowBefore = await slowConsumers(monitorUrl);
    hub.child.kill("SIGKILL");
    await hub.exited;
    const killedAt = now();
    await sleep(downMs);
    hub = startHub(hubEnv, hubLog);
    const restarted = hub;
    if (!(await waitReady(httpUrl))) throw new Error("hub did not restart");
    const readyAt = now();
    const cpuAtReady = cpuSeconds(restarted.child.pid);
    // Back after the kill: a `subscribed` from the restarted hub.
    const backAt = (c: StormClient) => c.subscribedAt.find((t) => t > killedAt);
    const allBack = await until(
      () => clients.every((c) => backAt(c) !== undefined),
      RESUME_DEADLINE_MS,
      "every client to resume",
    );
    const resumedAt = now();
    const cpuUntilBack = cpuSeconds(restarted.child.pid) - cpuAtReady;
    await sleep(STEADY_MS);
    clearInterval(producing);
    producing = undefined;
    await sleep(DRAIN_MS);
    const slowAfter = await slowConsumers(monitorUrl);
    const hubCounters = await counters(httpUrl, [
      "pulseboard_replays_from_memory_total",
      "pulseboard_histories_total",
      "pulseboard_shared_reads_started_total",
      "pulseboard_shared_reads_joined_total",
    ]);

    // Gaps and duplicates: each client against every seq stored for its room.
    let gaps = 0;
    let duplicates = 0;
    let clientsWithGaps = 0;
    let gapsAfterBack = 0;
    for (const client of clients) {
      const back = client.subscribedAt.findIndex((t) => t > killedAt);
      const boundary = client.subscribedSeqs[back] ?? Number.POSITIVE_INFINITY;
      const got = new Set<number>();
      for (const seq of client.received) {
        if (got.has(seq)) duplicates++;
        got.add(seq);
      }
      const stored = published.get(client.room) ?? [];
      const missing = stored.filter((seq) => !got.has(seq)).length;
      gapsAfterBack += stored.filter((seq) => seq > boundary && !got.has(seq)).length;
      gaps += missing;
      if (missing > 0) clientsWithGaps++;
    }
    // The hub listens a little before /readyz is seen (polled every 50 ms): the clock starts at
    // whichever came first, readyz or the first client back.
    const backTimes = clients.map(backAt).filter((t): t is number => t !== undefined);
    const listeningAt = Math.min(readyAt, ...backTimes);
    const backAfter = backTimes.map((t) => t - listeningAt).sort((a, b) => a - b);
    // The hub's part of a resume: from the socket's open to `subscribed` (backoff excluded).
    const catchUpMs = clients
      .flatMap((c) => c.catchUps.filter((u) => u.openedAt > killedAt).slice(0, 1))
      .map((u) => u.ms)
      .sort((a, b) => a - b);
    const closes: Record<string, number> = {};
    for (const client of clients) {
      for (const [code, count] of client.closes) closes[code] = (closes[code] ?? 0) + count;
    }
    const log = readFileSync(hubLog, "utf8");
    const result = {
      hubDir,
      hubEnv: args["hub-env"],
      clients: clientCount,
      rooms: roomCount,
      eventsPerSecond: rate,
      downMs: Math.round(listeningAt - killedAt),
      history,
      eventsStored: [...published.values()].reduce((n, seqs) => n + seqs.length, 0),
      publishErrors,
      resumed: backAfter.length,
      allResumed: allBack,
      resumeMs: {
        p50: Math.round(percentile(backAfter, 50)),
        p90: Math.round(percentile(backAfter, 90)),
        p99: Math.round(percentile(backAfter, 99)),
        all: allBack ? Math.round(resumedAt - listeningAt) : null,
      },
      catchUpMs: {
        p50: Math.round(percentile(catchUpMs, 50)),
        p99: Math.round(percentile(catchUpMs, 99)),
        max: Math.round(catchUpMs.at(-1) ?? Number.NaN),
      },
      gaps,
      clientsWithGaps,
      /** Events after a client's post-restart `subscribed` that it never got (must be 0). */
      gapsAfterBack,
      /** The restarted hub's CPU time (user + system) from /readyz until every client was back. */
      hubCpuSecondsUntilBack: Math.round(cpuUntilBack * 100) / 100,
      duplicates,
      resets: clients.reduce((n, c) => n + c.resets, 0),
      closesByCode: closes,
      catchUpFailedLogLines: log.split("catch-up failed").length - 1,
      /** The restarted hub's counters at the end (absent on hubs older than the metric). */
      hubCounters,
      natsSlowConsumers: { beforeKill: slowBefore, atEnd: slowAfter },
      hubLog,
    };
    console.log(JSON.stringify(result, null, 2));
    if (args.json !== undefined) writeFileSync(args.json, `${JSON.stringify(result, null, 2)}\n`);
  } finally {
    if (producing !== undefined) clearInterval(producing);
    for (const client of clients) client.stop();
    if (hub !== undefined && hub.child.exitCode === null && hub.child.signalCode === null) {
      hub.child.kill("SIGKILL");
      await hub.exited;
    }
    await producer.shutdown().catch(() => undefined);
    await nats.stop();
  }
}

/** Values of some of the hub's Prometheus counters (plain `name value` lines). */
async function counters(httpUrl: string, names: string[]): Promise<Record<string, number>> {
  const text = await (await fetch(`${httpUrl}/metrics`)).text();
  const found: Record<string, number> = {};
  for (const line of text.split("\n")) {
    const [name, value] = line.split(" ");
    if (name !== undefined && names.includes(name)) found[name] = Number(value);
  }
  return found;
}

async function waitReady(httpUrl: string): Promise<boolean> {
  const end = now() + START_DEADLINE_MS;
  while (now() < end) {
    if (await ready(httpUrl)) return true;
    await sleep(50);
  }
  return false;
}

/** User + system CPU seconds of a process so far (Linux /proc; clock ticks of 1/100 s). */
function cpuSeconds(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command (which may hold spaces) : utime and stime are the 12th and 13th.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

function playbackData(n: number) {
  return {
    id: `storm-${n}`,
    username: `user-${n % 97}`,
    title: "Arrival",
    media_type: "movie",
  };
}

await main();
process.exit(0);
