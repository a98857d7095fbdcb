import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { formatWithBiome } from "../report/write.js";
import type { BrowserBenchConfig } from "./config.js";
import type { BrowserMachine } from "./environment.js";
import { EVENT_TIMING_THRESHOLD_MS, LONG_FRAME_MS } from "./figures.js";
import { fixed, share, spreadMs } from "./format.js";
import { renderLatencySection } from "./latency/report.js";
import type { LatencySuiteData } from "./latency/suite.js";
import type { RunResult } from "./scenario.js";
import type { TargetResult } from "./targets.js";

/** The browser benchmark's report: one table, runs side by side, the targets, the checks. */

export interface BrowserBenchData {
  machine: BrowserMachine;
  config: BrowserBenchConfig;
  runs: RunResult[];
  /** Runs that did not complete, with the error. */
  failures: { rate: number; round: number; error: string }[];
  targets: TargetResult[];
  /** Publish to pixel (issue #17), when that suite ran (or the previous report's, kept). */
  latency?: LatencySuiteData;
}

/** "500 events/s #2": a column of the tables. */
export function runLabel(run: Pick<RunResult, "rate" | "round">): string {
  return `${run.rate} events/s #${run.round}`;
}

/** Columns by rate, then round: each rate's rounds side by side. */
function byRate(runs: readonly RunResult[]): RunResult[] {
  return [...runs].sort((a, b) => a.rate - b.rate || a.round - b.round);
}

export function renderTable(unordered: readonly RunResult[]): string[] {
  const runs = byRate(unordered);
  const rows: [string, (run: RunResult) => string][] = [
    [
      "events published → applied by the page's store",
      (r) =>
        `${r.store.published} → ${r.store.countable ? (r.store.applied ?? "–") : "not counted"}`,
    ],
    ["frames/s (mean over the window)", (r) => fixed(r.frames.fps)],
    [
      `long frames (gap > ${LONG_FRAME_MS} ms)`,
      (r) => `${r.frames.longFrames} (${share(r.frames.longFrames, r.frames.frames - 1)})`,
    ],
    [
      "frame gap p95 / worst (ms)",
      (r) => `${fixed(r.frames.p95GapMs, 0)} / ${fixed(r.frames.worstGapMs, 0)}`,
    ],
    [
      "long tasks: count, total (ms), worst (ms)",
      (r) =>
        r.longTasks.supported
          ? `${r.longTasks.count}, ${fixed(r.longTasks.totalMs, 0)}, ${fixed(r.longTasks.worstMs, 0)}`
          : "not reported",
    ],
    [
      "click → next paint, Event Timing p50 / p95 / max (ms)",
      (r) => spreadMs(r.clicks.toNextPaintMs),
    ],
    [
      "click input delay, Event Timing p50 / p95 / max (ms)",
      (r) => spreadMs(r.clicks.eventTimingInputDelayMs),
    ],
    [
      `clicks with an Event Timing entry (≥ ${EVENT_TIMING_THRESHOLD_MS} ms)`,
      (r) => `${r.clicks.eventTimingEntries} of ${r.clicks.clicks}`,
    ],
    ["click → next frame, rAF p50 / p95 / max (ms)", (r) => spreadMs(r.clicks.toNextFrameMs)],
    ["click → first listener p50 / p95 / max (ms)", (r) => spreadMs(r.clicks.inputDelayMs)],
    [
      "clicks done / failed / skipped",
      (r) => `${r.clicks.loop.attempted} / ${r.clicks.loop.failed} / ${r.clicks.loop.skipped}`,
    ],
    ["feed updates per second", (r) => fixed(r.feed.commitsPerSecond)],
    [
      "renderer main thread busy (s, share of window)",
      (r) =>
        `${fixed(r.cpu.mainThread.task, 2)} (${share(r.cpu.mainThread.task * 1000, r.windowMs)})`,
    ],
    [
      "… of which script / layout / style (s)",
      (r) =>
        `${fixed(r.cpu.mainThread.script, 2)} / ${fixed(r.cpu.mainThread.layout, 2)} / ${fixed(r.cpu.mainThread.recalcStyle, 2)}`,
    ],
    [
      "renderer processes, all threads (CPU s, cores)",
      (r) => cpuCell(r.cpu.byProcessType.renderer ?? Number.NaN, r.windowMs),
    ],
    [
      "browser + GPU + other Chromium processes (CPU s)",
      (r) =>
        fixed(
          Object.entries(r.cpu.byProcessType)
            .filter(([type]) => type !== "renderer")
            .reduce((sum, [, seconds]) => sum + seconds, 0),
          2,
        ),
    ],
    [
      "bench process: hub, producer, Playwright (CPU s, cores)",
      (r) => cpuCell(r.cpu.benchProcessSeconds, r.windowMs),
    ],
    ["checks passed", (r) => `${r.checks.filter((c) => c.ok).length} of ${r.checks.length}`],
  ];
  const header = `| figure | ${runs.map(runLabel).join(" | ")} |`;
  const align = `|---|${runs.map(() => "--:").join("|")}|`;
  return [
    header,
    align,
    ...rows.map(([label, cell]) => `| ${label} | ${runs.map(cell).join(" | ")} |`),
  ];
}

function cpuCell(seconds: number, windowMs: number): string {
  return `${fixed(seconds, 2)} (${fixed((seconds * 1000) / windowMs, 2)})`;
}

export function renderMarkdown(data: BrowserBenchData): string {
  const runs = byRate(data.runs);
  const m = data.machine;
  const c = data.config;
  const load = (values: number[] | undefined) =>
    values === undefined ? "–" : values.map((v) => v.toFixed(2)).join(" / ");
  const lines = [
    "# Browser benchmark results",
    "",
    `Generated by \`pnpm --filter @pulseboard/bench bench:browser\` on ${m.date}. Method and caveats: [README.md](README.md#browser-benchmark).`,
    "",
    `The dashboard page \`/dashboards/<id>\` (production build, \`next start\`) in headless Chromium, fed ${c.rates.join(" and ")} \`playback\` events/s (the events due published together every ${c.tickMs} ms), plus one \`stats_update\` every ${c.statsIntervalMs / 1000} s and one detection alert per click; ${c.warmupMs / 1000} s warm-up, then a ${c.windowMs / 1000} s window with a click on an alert's Acknowledge button every ${c.clickIntervalMs} ms. Each run has a fresh browser context; ${c.rounds} round(s), interleaved (${c.rates.join(", ")}, ${c.rates.join(", ")}, …), #n in the column names.`,
    "",
    `> **Shared machine.** ${m.cores} cores run Chromium, the hub, the producer, Playwright and the (idle) Next server, and possibly other people's tests or type checks at the same time (load average below). Absolute figures may be disturbed; the 5 events/s column is the baseline from the same run.`,
    "",
    "## Machine",
    "",
    "| | |",
    "|---|---|",
    `| date | ${m.date} |`,
    `| CPU | ${m.cpuModel}, ${m.cores} cores |`,
    `| memory | ${m.memoryGiB} GiB |`,
    `| kernel | Linux ${m.kernel} |`,
    `| Node.js | ${m.node} |`,
    `| versions | ${Object.entries(m.versions)
      .map(([name, version]) => `${name} ${version}`)
      .join(", ")} |`,
    `| git | ${m.gitCommit} |`,
    `| web build | made ${m.webBuiltAt}; uncommitted changes in: ${m.uncommittedWebSources.join(", ") || "none"} |`,
    `| load average (1/5/15 min) | start ${load(m.loadAverageStart)}, end ${load(m.loadAverageEnd)} |`,
    "",
    "## Results",
    "",
    ...renderTable(runs),
    "",
    `\`< ${EVENT_TIMING_THRESHOLD_MS}\`: Event Timing reports only events of ${EVENT_TIMING_THRESHOLD_MS} ms or more, so a percentile that falls on a click without an entry is below that.`,
    "",
    "## Targets",
    "",
    "| target | measured | met |",
    "|---|---|:-:|",
    ...data.targets.map((t) => `| ${t.target} | ${t.measured} | ${t.met ? "yes" : "**no**"} |`),
    "",
    "## Checks",
    "",
    `| check | ${runs.map(runLabel).join(" | ")} |`,
    `|---|${runs.map(() => "---").join("|")}|`,
    ...(runs[0]?.checks ?? []).map(
      (check, i) =>
        `| ${check.name} | ${runs
          .map((r) => {
            const own = r.checks[i];
            return own === undefined ? "–" : `${own.ok ? "ok" : "**failed**"}: ${own.detail}`;
          })
          .join(" | ")} |`,
    ),
    ...(data.failures.length === 0
      ? []
      : ["", "## Failed runs", "", ...data.failures.map((f) => `- ${runLabel(f)}: ${f.error}`)]),
    ...(data.latency === undefined ? [] : ["", ...renderLatencySection(data.latency)]),
    "",
  ];
  return lines.join("\n");
}

/** Writes `<outDir>/browser-latest.json` and the Markdown report; returns the Markdown. */
export function writeBrowserReport(data: BrowserBenchData): string {
  mkdirSync(data.config.outDir, { recursive: true });
  writeFileSync(
    join(data.config.outDir, "browser-latest.json"),
    `${JSON.stringify(data, null, 2)}\n`,
  );
  const markdown = renderMarkdown(data);
  writeFileSync(data.config.markdownPath, markdown);
  formatWithBiome([data.config.markdownPath]);
  return markdown;
}
