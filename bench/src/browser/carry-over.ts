import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Suite } from "./config.js";
import type { BrowserBenchData } from "./report.js";

/**
 * A run of some suites only (`--suites=latency`) rewrites the report without losing the other
 * suite's figures: those come from the previous run's JSON in the same directory, as they were
 * (their section says when they were measured).
 */
export function readPreviousReport(outDir: string): BrowserBenchData | undefined {
  const file = join(outDir, "browser-latest.json");
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, "utf8")) as BrowserBenchData;
  } catch {
    return undefined;
  }
}

/** This run's data, with the parts of the suites it skipped taken from `previous`. */
export function withSkippedSuites(
  current: BrowserBenchData,
  suites: readonly Suite[],
  previous: BrowserBenchData | undefined,
): BrowserBenchData {
  if (previous === undefined) return current;
  const frames = suites.includes("frames")
    ? current
    : {
        machine: previous.machine,
        config: { ...current.config, ...frameSettings(previous) },
        runs: previous.runs,
        failures: previous.failures,
        targets: previous.targets,
      };
  const latency = suites.includes("latency") ? current.latency : previous.latency;
  return {
    machine: frames.machine,
    config: frames.config,
    runs: frames.runs,
    failures: frames.failures,
    targets: frames.targets,
    ...(latency === undefined ? {} : { latency }),
  };
}

/** The settings the frames section describes, as the previous run had them. */
function frameSettings(previous: BrowserBenchData): Partial<BrowserBenchData["config"]> {
  const {
    latency: _latency,
    suites: _suites,
    outDir: _outDir,
    markdownPath: _md,
    ...rest
  } = previous.config;
  return rest;
}
