import { loadBenchConfig } from "./config.js";
import { runAll } from "./orchestrator.js";
import { buildHubBundleFor } from "./peers/hub-bundle.js";
import { installCleanup, killAllChildren } from "./processes.js";
import { summarize } from "./report/summary.js";
import { writeReport } from "./report/write.js";

/**
 * `pnpm bench` / `pnpm bench:quick`: runs every peer against the same load, writes
 * results/<name>.json and the Markdown table, prints the table. Bounded: new work stops at the
 * deadline, and a watchdog kills everything a minute after it.
 */
const config = loadBenchConfig();
installCleanup();
const started = Date.now();
const log = (line: string): void => {
  const seconds = ((Date.now() - started) / 1000).toFixed(0).padStart(4);
  console.error(`[bench ${seconds}s] ${line}`);
};
const watchdog = setTimeout(() => {
  console.error("bench: hard deadline passed, killing every child process");
  killAllChildren();
  process.exit(1);
}, config.deadlineMs + 60_000);

log(
  `${config.profile} run: peers ${config.peers.join(", ")}; N ${config.clients.join(", ")}; ` +
    `${config.rounds} round(s); ${config.workers} load workers; deadline ${Math.round(config.deadlineMs / 1000)} s`,
);
buildHubBundleFor(config.peers, log);
const data = await runAll(config, log);
const summary = summarize(data, config);
const markdown = writeReport(data, summary, config);
clearTimeout(watchdog);
console.log(markdown);
log(`wrote ${config.outDir}/${config.resultsName}.json and ${config.markdownPath}`);
const failed =
  data.sessions.some((s) => s.error !== undefined) || data.capacity.some((c) => c.error);
process.exit(failed ? 1 : 0);
