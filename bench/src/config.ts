import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { isPeerName, PEERS, type PeerName } from "./peers/catalog.js";

/**
 * Everything a run does, from the profile (`full` by default, `--quick` for a smoke check),
 * then environment variables (BENCH_*), then flags (--name=value), later ones winning.
 */
export interface BenchConfig {
  profile: "full" | "quick";
  peers: PeerName[];
  /** Connection counts N, one session per peer and N in every round. */
  clients: number[];
  /** Rounds of A B C sessions, interleaved: the machine is noisy. */
  rounds: number;
  /** Load worker processes (default: one per core). */
  workers: number;
  /** Connections per source address (127.0.0.1, .2, ...): each has ~28k ephemeral ports. */
  perAddress: number;
  /** Handshakes in flight per worker. */
  connectConcurrency: number;
  connectTimeoutMs: number;
  /** Clients and time of the warm-up before the baseline RSS (JIT, lazily loaded code). */
  warmupClients: number;
  warmupMs: number;
  /**
   * Least pause after connecting, before the idle RSS; the reading then waits for V8's young
   * generation to shrink back (idle.ts).
   */
  settleMs: number;
  latency: { rate: number; durationMs: number };
  cpu: { deliveriesPerSec: number; durationMs: number };
  ramp: {
    startDeliveriesPerSec: number;
    /** Growth per passing step until the first failure... */
    coarseFactor: number;
    /** ...then from the last pass up to the failure: the figure's resolution. */
    fineFactor: number;
    /** Longest wait for the peer to go idle after a failed step. */
    settleMaxMs: number;
    stepMs: number;
    /** Bursty producer: events due are released together every burstMs. */
    burstMs: number;
    /** Longest wait for a step's last frames after the producer stopped. */
    graceMs: number;
    /**
     * A step fails below this share received or at this p99 or above. There is no step cap:
     * the ramp climbs until a step fails (or the run's deadline), so it finds the ceiling.
     */
    minReceived: number;
    maxP99Ms: number;
    /** A failed step is tried again this many times (noise) before the ramp stops. */
    retries: number;
  };
  /** Most idle connections one hub holds: target count (0 skips the test). */
  capacity: { target: number; connectTimeoutMs: number };
  /** The whole run stops starting new work past this, and is killed 60 s later. */
  deadlineMs: number;
  outDir: string;
  /** Base name of the JSON (and, for quick runs, Markdown) file in outDir. */
  resultsName: string;
  /** Where the Markdown table goes (bench/RESULTS.md for full runs). */
  markdownPath: string;
  /** README whose marked results section is replaced by the new tables (full runs only). */
  readmePath: string | undefined;
  /** Write a V8 CPU profile of each Pulseboard peer to outDir/profiles. */
  cpuProfile: boolean;
}

const BENCH_DIR = fileURLToPath(new URL("..", import.meta.url));

function fullProfile(): BenchConfig {
  return {
    profile: "full",
    peers: ["pulseboard", "pulseboard-1w", "pulseboard-2w", "socketio", "naive-ws", "write-floor"],
    clients: [1000, 5000],
    rounds: 3,
    workers: availableParallelism(),
    perAddress: 15_000,
    connectConcurrency: 64,
    connectTimeoutMs: 60_000,
    warmupClients: 50,
    warmupMs: 1_000,
    settleMs: 1_000,
    latency: { rate: 10, durationMs: 10_000 },
    cpu: { deliveriesPerSec: 50_000, durationMs: 5_000 },
    ramp: {
      startDeliveriesPerSec: 20_000,
      coarseFactor: 2,
      fineFactor: 1.25,
      settleMaxMs: 8_000,
      stepMs: 2_000,
      burstMs: 100,
      graceMs: 2_000,
      minReceived: 0.95,
      maxP99Ms: 1_000,
      retries: 1,
    },
    capacity: { target: 50_000, connectTimeoutMs: 120_000 },
    deadlineMs: 40 * 60_000,
    outDir: `${BENCH_DIR}results`,
    resultsName: "latest",
    markdownPath: `${BENCH_DIR}RESULTS.md`,
    readmePath: `${BENCH_DIR}README.md`,
    cpuProfile: false,
  };
}

function quickProfile(): BenchConfig {
  const full = fullProfile();
  return {
    ...full,
    profile: "quick",
    // The cluster with one worker is the two-worker peer's code path without the primary:
    // the quick run checks the harness end to end, so it takes only the two-worker one.
    peers: ["pulseboard", "pulseboard-2w", "socketio", "naive-ws"],
    clients: [500],
    rounds: 1,
    warmupMs: 1_000,
    settleMs: 500,
    latency: { rate: 10, durationMs: 3_000 },
    cpu: { deliveriesPerSec: 20_000, durationMs: 3_000 },
    ramp: {
      ...full.ramp,
      startDeliveriesPerSec: 20_000,
      coarseFactor: 3,
      fineFactor: 1.5,
      settleMaxMs: 3_000,
      stepMs: 1_000,
      graceMs: 1_000,
      retries: 0,
    },
    capacity: { target: 2_000, connectTimeoutMs: 20_000 },
    deadlineMs: 180_000,
    resultsName: "quick",
    markdownPath: `${BENCH_DIR}results/quick.md`,
    readmePath: undefined,
  };
}

const positive = (name: string, value: string): number => {
  const number = Number(value);
  if (!Number.isFinite(number) || number < 0) throw new Error(`${name}: expected a number ≥ 0`);
  return number;
};
const whole = (name: string, value: string): number => Math.round(positive(name, value));
const list = (value: string): string[] =>
  value
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item !== "");

/** Option name (flag --name, variable BENCH_NAME in upper snake case) → how it applies. */
const OPTIONS: Record<string, (config: BenchConfig, value: string, name: string) => void> = {
  peers: (c, v) => {
    const names = list(v);
    const unknown = names.filter((name) => !isPeerName(name));
    if (unknown.length > 0 || names.length === 0) {
      throw new Error(`peers: expected some of ${Object.keys(PEERS).join(",")} (got ${v})`);
    }
    c.peers = names as PeerName[];
  },
  clients: (c, v, n) => {
    c.clients = list(v).map((item) => whole(n, item));
  },
  rounds: (c, v, n) => {
    c.rounds = Math.max(1, whole(n, v));
  },
  workers: (c, v, n) => {
    c.workers = Math.max(1, whole(n, v));
  },
  "per-address": (c, v, n) => {
    c.perAddress = Math.max(1, whole(n, v));
  },
  "connect-concurrency": (c, v, n) => {
    c.connectConcurrency = Math.max(1, whole(n, v));
  },
  "latency-ms": (c, v, n) => {
    c.latency.durationMs = whole(n, v);
  },
  "latency-rate": (c, v, n) => {
    c.latency.rate = positive(n, v);
  },
  "cpu-ms": (c, v, n) => {
    c.cpu.durationMs = whole(n, v);
  },
  "cpu-rate": (c, v, n) => {
    c.cpu.deliveriesPerSec = positive(n, v);
  },
  "settle-ms": (c, v, n) => {
    c.settleMs = whole(n, v);
  },
  "step-ms": (c, v, n) => {
    c.ramp.stepMs = whole(n, v);
  },
  "burst-ms": (c, v, n) => {
    c.ramp.burstMs = whole(n, v);
  },
  "ramp-start": (c, v, n) => {
    c.ramp.startDeliveriesPerSec = positive(n, v);
  },
  "ramp-factor": (c, v, n) => {
    c.ramp.coarseFactor = Math.max(1.05, positive(n, v));
  },
  "ramp-fine": (c, v, n) => {
    c.ramp.fineFactor = Math.max(1.02, positive(n, v));
  },
  retries: (c, v, n) => {
    c.ramp.retries = whole(n, v);
  },
  capacity: (c, v, n) => {
    c.capacity.target = whole(n, v);
  },
  "deadline-s": (c, v, n) => {
    c.deadlineMs = whole(n, v) * 1000;
  },
  out: (c, v) => {
    c.outDir = v;
    c.markdownPath = `${v}/${c.resultsName}.md`;
    c.readmePath = undefined;
  },
  "cpu-prof": (c, v) => {
    c.cpuProfile = ["1", "true", "yes", "on", ""].includes(v.toLowerCase());
  },
};

export const OPTION_NAMES = Object.keys(OPTIONS);

export function loadBenchConfig(
  argv: readonly string[] = process.argv.slice(2),
  env: NodeJS.ProcessEnv = process.env,
): BenchConfig {
  const quick = argv.includes("--quick") || env.BENCH_QUICK === "1";
  const config = quick ? quickProfile() : fullProfile();
  for (const [name, apply] of Object.entries(OPTIONS)) {
    const value = env[`BENCH_${name.toUpperCase().replaceAll("-", "_")}`];
    if (value !== undefined && value.trim() !== "") apply(config, value.trim(), name);
  }
  for (const arg of argv) {
    if (arg === "--quick") continue;
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    const apply = match === null ? undefined : OPTIONS[match[1] as string];
    if (match === null || apply === undefined) {
      throw new Error(
        `unknown argument ${arg}; options: --quick ${OPTION_NAMES.map((n) => `--${n}=`).join(" ")}`,
      );
    }
    apply(config, match[2] ?? "", match[1] as string);
  }
  if (config.clients.length === 0) throw new Error("clients: give at least one N");
  return config;
}
