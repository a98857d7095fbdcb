import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { BenchConfig } from "../config.js";
import type { RunData } from "../results.js";
import { renderMarkdown, renderResults } from "./markdown.js";
import { quoteInReadme } from "./readme.js";
import type { Summary } from "./summary.js";

/** Writes `<outDir>/<name>.json` (everything) and the Markdown table; returns the Markdown. */
export function writeReport(data: RunData, summary: Summary, config: BenchConfig): string {
  mkdirSync(config.outDir, { recursive: true });
  const jsonPath = join(config.outDir, `${config.resultsName}.json`);
  writeFileSync(jsonPath, `${JSON.stringify({ ...data, summary }, null, 2)}\n`);
  const markdown = renderMarkdown(data, summary, config);
  writeFileSync(config.markdownPath, markdown);
  if (config.readmePath !== undefined) {
    const m = data.machine;
    const section = [
      `Measured ${m.date.slice(0, 10)} on ${m.cpuModel} (${m.cores} cores), Node ${m.node}, ` +
        `Socket.IO ${m.versions["socket.io"]}; full figures and machine details in [RESULTS.md](RESULTS.md).`,
      "",
      ...renderResults(data, summary, config),
    ].join("\n");
    quoteInReadme(config.readmePath, section);
  }
  formatWithBiome([config.markdownPath, config.readmePath]);
  return markdown;
}

const BIOME = fileURLToPath(new URL("../../../node_modules/.bin/biome", import.meta.url));

/**
 * Lays the tables out the way the repo's formatter does, so `pnpm lint` stays clean after a
 * run. Files git ignores (quick runs) are skipped by Biome; any failure leaves them as written.
 */
export function formatWithBiome(paths: (string | undefined)[]): void {
  const files = paths.filter((p): p is string => p !== undefined && existsSync(p));
  if (files.length === 0 || !existsSync(BIOME)) return;
  try {
    execFileSync(BIOME, ["format", "--write", ...files], { stdio: "ignore", timeout: 30_000 });
  } catch {
    // unformatted Markdown is still correct Markdown
  }
}
