import { mkdirSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser } from "@playwright/test";
import { readPreviousReport, withSkippedSuites } from "./carry-over.js";
import { launchChromium } from "./chromium.js";
import { loadBrowserBenchConfig } from "./config.js";
import { browserMachine } from "./environment.js";
import { latencyCell } from "./latency/report.js";
import { killNatsNow } from "./latency/stack.js";
import { type LatencySuiteData, runLatencySuite } from "./latency/suite.js";
import { scenarioLabel } from "./latency/targets.js";
import { type BrowserBenchData, renderTable, runLabel, writeBrowserReport } from "./report.js";
import { type RunResult, runAtRate } from "./scenario.js";
import { buildWebIfNeeded, killStackNow, type Stack, startStack } from "./stack.js";
import { evaluateTargets } from "./targets.js";

/**
 * `pnpm --filter @pulseboard/bench bench:browser` (issue #7): the dashboard in headless
 * Chromium at each rate, in rounds (5, 500, 5, 500), then the table; then publish to pixel
 * (issue #17) on a stack of its own. Bounded: the build has its own time limit, everything after
 * it a watchdog; the exit code is 1 when a run failed its checks.
 */
const config = loadBrowserBenchConfig();
const started = Date.now();
const log = (line: string): void => {
  const seconds = ((Date.now() - started) / 1000).toFixed(0).padStart(4);
  console.error(`[bench:browser ${seconds}s] ${line}`);
};
const logDir = join(tmpdir(), `pulseboard-bench-browser-${process.pid}`);
mkdirSync(logDir, { recursive: true });

// Playwright kills the browser it launched when this process exits; the web server is ours.
process.once("exit", () => {
  killStackNow();
  killNatsNow();
});
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    log(`${signal}: stopping`);
    process.exit(130);
  });
}

log(`web build check (logs in ${logDir})`);
await buildWebIfNeeded(logDir, config.buildTimeoutMs);

const watchdog = setTimeout(() => {
  log(`deadline of ${config.deadlineMs / 1000} s passed: killing the run`);
  process.exit(1);
}, config.deadlineMs);
watchdog.unref();

let stack: Stack | undefined;
let browser: Browser | undefined;
const runs: RunResult[] = [];
const failures: BrowserBenchData["failures"] = [];
let latency: LatencySuiteData | undefined;
try {
  browser = await launchChromium(config.chromiumPath);
  const machine = browserMachine(browser.version());
  if (config.suites.includes("frames")) {
    stack = await startStack(logDir);
    log(`hub ${stack.hub.wsUrl}, web ${stack.webUrl}`);
    for (let round = 1; round <= config.rounds; round++) {
      for (const rate of config.rates) {
        try {
          runs.push(await runAtRate(browser, stack, config, rate, round, log));
        } catch (error) {
          log(`${rate} events/s, round ${round} failed: ${String(error)}`);
          failures.push({ rate, round, error: String(error).split("\n")[0] ?? "" });
        }
      }
    }
    // Its own stack follows: two web servers and hubs at once would only add load.
    await stack.stop();
    stack = undefined;
  }
  if (config.suites.includes("latency")) {
    latency = await runLatencySuite(
      browser,
      config.latency,
      { logDir, gitCommit: machine.gitCommit, cores: machine.cores, note: config.note },
      log,
    );
  }
  machine.loadAverageEnd = loadavg();
  const current: BrowserBenchData = {
    machine,
    config,
    runs,
    failures,
    targets: evaluateTargets(runs, config),
    ...(latency === undefined ? {} : { latency }),
  };
  writeBrowserReport(withSkippedSuites(current, config.suites, readPreviousReport(config.outDir)));
  printSummary(current);
  log(`wrote ${config.outDir}/browser-latest.json and ${config.markdownPath}`);
} finally {
  await browser?.close().catch(() => {});
  await stack?.stop().catch((error: unknown) => log(`stopping the stack: ${String(error)}`));
  clearTimeout(watchdog);
}
const failed =
  failures.length > 0 ||
  runs.some((run) => run.checks.some((check) => !check.ok)) ||
  (latency !== undefined &&
    (latency.failures.length > 0 ||
      latency.runs.some((run) => run.checks.some((check) => !check.ok))));
// The servers' logs matter only when something went wrong.
if (failed) log(`server logs kept in ${logDir}`);
else rmSync(logDir, { recursive: true, force: true });
process.exit(failed ? 1 : 0);

/** stdout: this run's tables, targets and failed checks. */
function printSummary(data: BrowserBenchData): void {
  if (data.runs.length > 0) {
    console.log(renderTable(data.runs).join("\n"));
    console.log("");
  }
  const latencyRuns = data.latency?.runs ?? [];
  for (const run of latencyRuns) {
    console.log(
      `${scenarioLabel(run)}: hub ${latencyCell(run.hub)} ms, DOM ${latencyCell(run.dom)} ms, frame ${latencyCell(run.frame)} ms (p50 / p99 / max)`,
    );
  }
  const frameTargets = data.runs.length > 0 ? data.targets : [];
  for (const target of [...frameTargets, ...(data.latency?.targets ?? [])]) {
    console.log(`${target.met ? "met    " : "NOT met"}  ${target.target}: ${target.measured}`);
  }
  for (const run of data.runs) {
    for (const check of run.checks.filter((c) => !c.ok)) {
      console.log(`check failed in ${runLabel(run)}: ${check.name}: ${check.detail}`);
    }
  }
  for (const run of latencyRuns) {
    for (const check of run.checks.filter((c) => !c.ok)) {
      console.log(`check failed in ${scenarioLabel(run)}: ${check.name}: ${check.detail}`);
    }
  }
}
