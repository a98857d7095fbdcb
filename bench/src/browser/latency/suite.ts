import { loadavg } from "node:os";
import type { Browser } from "@playwright/test";
import type { LatencyConfig } from "../config.js";
import type { TargetResult } from "../targets.js";
import type { PublishPath } from "./publisher.js";
import { type LatencyRun, runLatency } from "./scenario.js";
import { startLatencyStack } from "./stack.js";
import { evaluateLatencyTargets } from "./targets.js";

/** Everything the publish-to-pixel part of a run measured, with when and under what load. */
export interface LatencySuiteData {
  date: string;
  gitCommit: string;
  /** The machine's cores: a load average above them means processes waited for a core. */
  cores: number;
  /** `--note` of the run that measured these figures. */
  note: string;
  config: LatencyConfig;
  loadAverageStart: number[];
  loadAverageEnd: number[];
  runs: LatencyRun[];
  failures: { path: PublishPath; tabs: number; rate: number; error: string }[];
  targets: TargetResult[];
}

/** Every path × tabs × rate once, on a stack of its own (nats-server, hub on it, web app). */
export async function runLatencySuite(
  browser: Browser,
  config: LatencyConfig,
  context: { logDir: string; gitCommit: string; cores: number; note: string },
  log: (line: string) => void,
): Promise<LatencySuiteData> {
  const data: LatencySuiteData = {
    date: new Date().toISOString(),
    gitCommit: context.gitCommit,
    cores: context.cores,
    note: context.note,
    config,
    loadAverageStart: loadavg(),
    loadAverageEnd: [],
    runs: [],
    failures: [],
    targets: [],
  };
  const stack = await startLatencyStack(context.logDir);
  try {
    log(`publish-to-pixel: hub ${stack.hub.wsUrl} on ${stack.natsUrl}, web ${stack.webUrl}`);
    for (const path of config.paths) {
      for (const tabs of config.tabs) {
        for (const rate of config.rates) {
          try {
            data.runs.push(await runLatency(browser, stack, config, { path, tabs, rate }, log));
          } catch (error) {
            log(
              `publish-to-pixel ${path}, ${tabs} tab(s), ${rate} events/s failed: ${String(error)}`,
            );
            data.failures.push({ path, tabs, rate, error: String(error).split("\n")[0] ?? "" });
          }
        }
      }
    }
  } finally {
    await stack.stop().catch((error: unknown) => log(`stopping the stack: ${String(error)}`));
  }
  data.loadAverageEnd = loadavg();
  data.targets = evaluateLatencyTargets(data.runs, config.frameMs);
  return data;
}
