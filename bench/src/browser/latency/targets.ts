import type { TargetResult } from "../targets.js";
import type { LatencyRun } from "./scenario.js";

/** "NATS, 5 windows, one connection, 500 events/s": a scenario's name in the report. */
export function scenarioLabel(run: Pick<LatencyRun, "path" | "tabs" | "rate">): string {
  const tabs = run.tabs === 1 ? "1 tab" : `${run.tabs} windows, one connection`;
  return `${run.path === "nats" ? "NATS" : "HTTP"}, ${tabs}, ${run.rate} events/s`;
}

const ms = (value: number): string => (Number.isFinite(value) ? value.toFixed(1) : "–");

/**
 * Issue #17: publish → DOM p99 ≤ the hub's own publish → WebSocket p99 (the plain client of
 * the same run, same events) + one frame. A run that failed a check meets nothing.
 */
export function evaluateLatencyTargets(
  runs: readonly LatencyRun[],
  frameMs: number,
): TargetResult[] {
  return runs.map((run) => {
    const allowed = run.hub.p99 + frameMs;
    const valid = run.checks.every((check) => check.ok);
    const failed = run.checks.filter((check) => !check.ok).map((check) => check.name);
    return {
      target: `publish → DOM p99 ≤ hub p99 + ${ms(frameMs)} ms (${scenarioLabel(run)})`,
      measured:
        `DOM p99 ${ms(run.dom.p99)} ms vs hub p99 ${ms(run.hub.p99)} + ${ms(frameMs)} = ${ms(allowed)} ms` +
        ` (next frame p99 ${ms(run.frame.p99)} ms)` +
        (valid ? "" : `; failed checks: ${failed.join(", ")}`),
      met: valid && run.dom.p99 <= allowed,
    };
  });
}
