import { fileURLToPath } from "node:url";
import { PUBLISH_PATHS, type PublishPath } from "./latency/publisher.js";

/**
 * The browser benchmark's settings (issue #7): defaults, then BENCH_BROWSER_* variables, then
 * --name=value flags, later ones winning. Every duration is bounded, so is the whole run.
 */
export interface BrowserBenchConfig {
  /** What runs: the dashboard under load (frames, clicks), publish-to-pixel latency, or both. */
  suites: Suite[];
  /** Playback events per second, one run each, in this order (the first is the baseline). */
  rates: number[];
  /** Every rate runs this many times, interleaved (5, 500, 5, 500): the machine is noisy. */
  rounds: number;
  /** Producing at the run's rate before the window opens (JIT, first renders, full feed). */
  warmupMs: number;
  /** The measured window. */
  windowMs: number;
  /** A click on the dashboard every this many ms during the window. */
  clickIntervalMs: number;
  /** The producer's tick: the events due are published together once per tick. */
  tickMs: number;
  /** One `stats_update` per this many ms, at every rate. */
  statsIntervalMs: number;
  /** Longest wait, after the window, for the page to have received every published event. */
  settleMs: number;
  /** Longest wait for one click (its alert to appear, Playwright's checks, the click). */
  clickTimeoutMs: number;
  /**
   * Everything after the build must end within this; a watchdog kills the run past it.
   * Default: a margin over what the runs take (RUN_OVERHEAD_MS each besides warm-up and window).
   */
  deadlineMs: number;
  /** The web build (`next build`, when the sources changed) must end within this. */
  buildTimeoutMs: number;
  chromiumPath: string;
  outDir: string;
  /** Where the Markdown report goes. */
  markdownPath: string;
  targets: { minFps: number; maxClickMs: number; atRate: number };
  latency: LatencyConfig;
  /** `--note=…`: what the person running it knows about the run (who else used the machine). */
  note: string;
}

export type Suite = "frames" | "latency";
const SUITES: readonly Suite[] = ["frames", "latency"];

/** Publish-to-pixel (issue #17): every path × tabs × rate, one run each, in that order. */
export interface LatencyConfig {
  paths: PublishPath[];
  /** Tabs of one browser context (one shared hub connection) per run. */
  tabs: number[];
  rates: number[];
  warmupMs: number;
  windowMs: number;
  /** Longest wait, after the window, for the last events to show up. */
  settleMs: number;
  /** The target's allowance over the hub's own p99: one frame at 60 Hz. */
  frameMs: number;
}

/** Starting the stack and the browser, with a margin. */
const START_MS = 20_000;
/** Per run: a page load, the wait for "Live", the last click, reading out, closing. */
const RUN_OVERHEAD_MS = 12_000;
/** Per latency run: the pages' loads, waits for "Live" and clock checks, per tab and fixed. */
const LATENCY_RUN_OVERHEAD_MS = 10_000;
const LATENCY_TAB_OVERHEAD_MS = 4_000;

const BENCH_DIR = fileURLToPath(new URL("../..", import.meta.url));

function defaults(): BrowserBenchConfig {
  return {
    suites: [...SUITES],
    rates: [5, 500],
    rounds: 2,
    warmupMs: 3_000,
    windowMs: 20_000,
    clickIntervalMs: 500,
    tickMs: 10,
    statsIntervalMs: 1_000,
    settleMs: 3_000,
    clickTimeoutMs: 2_000,
    deadlineMs: 0,
    buildTimeoutMs: 600_000,
    chromiumPath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    outDir: `${BENCH_DIR}results`,
    markdownPath: `${BENCH_DIR}BROWSER-RESULTS.md`,
    targets: { minFps: 50, maxClickMs: 100, atRate: 500 },
    latency: {
      paths: [...PUBLISH_PATHS],
      tabs: [1, 5],
      rates: [5, 500],
      warmupMs: 2_000,
      windowMs: 15_000,
      settleMs: 3_000,
      frameMs: 1000 / 60,
    },
    note: "",
  };
}

/** `--quick`: one round and short windows, to see that everything works (figures are noisier). */
function quick(config: BrowserBenchConfig): void {
  config.rounds = 1;
  // The frames warm-up stays: its first click needs it (its timeout is the warm-up).
  config.windowMs = 5_000;
  config.latency.warmupMs = 1_000;
  config.latency.windowMs = 5_000;
}

const list = <T extends string>(name: string, value: string, known: readonly T[]): T[] =>
  value.split(",").map((item) => {
    const trimmed = item.trim();
    if (!known.includes(trimmed as T)) {
      throw new Error(`${name}: expected some of ${known.join(",")} (got ${trimmed})`);
    }
    return trimmed as T;
  });

const number = (name: string, value: string): number => {
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed <= 0) {
    throw new Error(`${name}: expected a positive number (got ${value})`);
  }
  return parsed;
};

/** Option name (flag --name, variable BENCH_BROWSER_NAME) → how it applies. */
const OPTIONS: Record<string, (config: BrowserBenchConfig, value: string, name: string) => void> = {
  rounds: (c, v, n) => {
    c.rounds = number(n, v);
  },
  rates: (c, v, n) => {
    c.rates = v.split(",").map((item) => number(n, item.trim()));
  },
  "window-s": (c, v, n) => {
    c.windowMs = number(n, v) * 1000;
  },
  "warmup-s": (c, v, n) => {
    c.warmupMs = number(n, v) * 1000;
  },
  "click-ms": (c, v, n) => {
    c.clickIntervalMs = number(n, v);
  },
  "deadline-s": (c, v, n) => {
    c.deadlineMs = number(n, v) * 1000;
  },
  suites: (c, v, n) => {
    c.suites = list(n, v, SUITES);
  },
  "latency-paths": (c, v, n) => {
    c.latency.paths = list(n, v, PUBLISH_PATHS);
  },
  "latency-tabs": (c, v, n) => {
    c.latency.tabs = v.split(",").map((item) => Math.round(number(n, item.trim())));
  },
  "latency-rates": (c, v, n) => {
    c.latency.rates = v.split(",").map((item) => number(n, item.trim()));
  },
  "latency-window-s": (c, v, n) => {
    c.latency.windowMs = number(n, v) * 1000;
  },
  "latency-warmup-s": (c, v, n) => {
    c.latency.warmupMs = number(n, v) * 1000;
  },
  note: (c, v) => {
    c.note = v;
  },
  // Elsewhere than results/: the committed report is left alone.
  out: (c, v) => {
    c.outDir = v;
    c.markdownPath = `${v}/BROWSER-RESULTS.md`;
  },
};

export function loadBrowserBenchConfig(
  argv: readonly string[] = process.argv.slice(2),
  env: NodeJS.ProcessEnv = process.env,
): BrowserBenchConfig {
  const config = defaults();
  for (const [name, apply] of Object.entries(OPTIONS)) {
    const value = env[`BENCH_BROWSER_${name.toUpperCase().replaceAll("-", "_")}`];
    if (value !== undefined && value.trim() !== "") apply(config, value.trim(), name);
  }
  // --quick first, wherever it is: the other flags override what it sets.
  if (argv.includes("--quick")) quick(config);
  for (const arg of argv) {
    if (arg === "--" || arg === "--quick") continue;
    const match = /^--([a-z-]+)=(.+)$/.exec(arg);
    const apply = match === null ? undefined : OPTIONS[match[1] as string];
    if (match === null || apply === undefined) {
      const names = ["--quick", ...Object.keys(OPTIONS).map((name) => `--${name}=`)];
      throw new Error(`unknown argument ${arg}; options: ${names.join(" ")}`);
    }
    apply(config, match[2] as string, match[1] as string);
  }
  if (config.rates.length === 0) throw new Error("rates: give at least one rate");
  if (config.deadlineMs === 0) config.deadlineMs = defaultDeadlineMs(config);
  return config;
}

/** What the chosen suites take, with a margin: the watchdog's default. */
function defaultDeadlineMs(config: BrowserBenchConfig): number {
  let total = 0;
  if (config.suites.includes("frames")) {
    const runs = config.rates.length * config.rounds;
    total +=
      START_MS + runs * (config.warmupMs + config.windowMs + config.settleMs + RUN_OVERHEAD_MS);
  }
  if (config.suites.includes("latency")) {
    const l = config.latency;
    const perRun = l.warmupMs + l.windowMs + l.settleMs + LATENCY_RUN_OVERHEAD_MS;
    const tabs = l.tabs.reduce((sum, n) => sum + n, 0);
    const runsPerTabCount = l.paths.length * l.rates.length;
    total += START_MS + runsPerTabCount * (l.tabs.length * perRun + tabs * LATENCY_TAB_OVERHEAD_MS);
  }
  return total;
}
