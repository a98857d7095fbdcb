import type { BrowserBenchConfig } from "./config.js";
import type { Spread } from "./figures.js";
import { fixed, ms } from "./format.js";
import type { RunResult } from "./scenario.js";

/** Issue #7's targets, judged on the run at the target rate. */
export interface TargetResult {
  target: string;
  measured: string;
  met: boolean;
}

/** The click figure the target is judged on: Event Timing when the browser has it. */
function clickSpread(run: RunResult): { figure: Spread<number | null>; source: string } {
  return run.clicks.eventTimingSupported
    ? { figure: run.clicks.toNextPaintMs, source: "Event Timing, input to next paint" }
    : { figure: run.clicks.toNextFrameMs, source: "input to next frame (no Event Timing)" };
}

/**
 * Met only when every round at the target rate meets it: on a noisy machine one good round
 * proves little. A run that failed its checks meets nothing (its page may not have been under
 * the load).
 */
export function evaluateTargets(
  runs: readonly RunResult[],
  config: BrowserBenchConfig,
): TargetResult[] {
  const { minFps, maxClickMs, atRate } = config.targets;
  const rounds = runs.filter((r) => r.rate === atRate).sort((a, b) => a.round - b.round);
  const valid = (run: RunResult) => run.checks.every((check) => check.ok);
  const judge = (
    target: string,
    meets: (run: RunResult) => boolean,
    describe: (run: RunResult) => string,
    note = "",
  ): TargetResult => {
    if (rounds.length === 0) return { target, measured: "not measured", met: false };
    const passed = rounds.filter((run) => valid(run) && meets(run)).length;
    const each = rounds
      .map((run) => `#${run.round} ${describe(run)}${valid(run) ? "" : " (failed its checks)"}`)
      .join(", ");
    return {
      target,
      measured: `${each}${note}; met in ${passed} of ${rounds.length} rounds`,
      met: passed === rounds.length,
    };
  };
  // A p95 under Event Timing's reporting threshold (null) is under the target too.
  const clickP95 = (run: RunResult) => clickSpread(run).figure.p95 ?? 0;
  const source = rounds[0] === undefined ? "" : ` (${clickSpread(rounds[0]).source})`;
  return [
    judge(
      `frames/s ≥ ${minFps} at ${atRate} events/s`,
      (run) => run.frames.fps >= minFps,
      (run) => fixed(run.frames.fps),
    ),
    judge(
      `click answered < ${maxClickMs} ms at ${atRate} events/s (p95 of the round's clicks)`,
      (run) => clickP95(run) < maxClickMs,
      (run) => {
        const { figure } = clickSpread(run);
        return `p95 ${ms(figure.p95)} ms (max ${ms(figure.max)})`;
      },
      source,
    ),
  ];
}
