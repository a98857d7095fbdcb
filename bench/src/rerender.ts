import { readFileSync } from "node:fs";
import { join } from "node:path";
import { type BenchConfig, loadBenchConfig } from "./config.js";
import { summarize } from "./report/summary.js";
import { writeReport } from "./report/write.js";
import type { RunData } from "./results.js";

/**
 * `pnpm --filter @pulseboard/bench report [--quick]`: renders the Markdown (and the README's
 * results section, for full runs) again from results/<name>.json, without measuring anything;
 * for a changed report layout. The figures are the recorded run's, with its own settings.
 */
const current = loadBenchConfig();
const path = join(current.outDir, `${current.resultsName}.json`);
const data = JSON.parse(readFileSync(path, "utf8")) as RunData & { summary?: unknown };
const recorded = data.config as BenchConfig;
const config: BenchConfig = {
  ...recorded,
  outDir: current.outDir,
  resultsName: current.resultsName,
  markdownPath: current.markdownPath,
  readmePath: current.readmePath,
};
delete data.summary;
const markdown = writeReport(data, summarize(data, config), config);
console.log(markdown);
console.error(`rendered ${path} → ${config.markdownPath}`);
