import { clocksAgree } from "./clock.js";
import type { LatencyRun } from "./scenario.js";

/**
 * What makes a publish-to-pixel run's figures trustworthy: every tab was live on one shared
 * connection, every event reached the plain client and every tab's feed, the clocks agree.
 * A run failing any of these meets no target.
 */
export function latencyChecks(
  run: LatencyRun,
  seen: { live: (string | null)[]; firstPublishError: string | undefined },
): LatencyRun["checks"] {
  const expectedRows = run.published * run.tabs;
  const worstClock = run.clocks.reduce(
    (worst, c) => (Math.abs(c.offsetMs) > Math.abs(worst.offsetMs) ? c : worst),
    run.clocks[0] ?? { offsetMs: Number.NaN, uncertaintyMs: Number.NaN, samples: 0 },
  );
  return [
    {
      name: "every tab stayed connected",
      ok: seen.live.every((badge) => badge === "Live"),
      detail: `badges: ${seen.live.map((b) => b ?? "not found").join(", ")}`,
    },
    {
      name: "the tabs share one hub connection",
      ok: run.connections === 1,
      detail: `pulseboard_connections ${run.connections ?? "not read"} with ${run.tabs} tab(s) live`,
    },
    {
      name: "the plain ws client received every event",
      ok: run.published > 0 && run.hubMissing === 0,
      detail: `${run.hub.count} of ${run.published}`,
    },
    {
      name: "every tab showed every event's row",
      ok: run.published > 0 && run.domMissing === 0,
      detail: `${run.dom.count} of ${expectedRows} rows (${run.tabs} × ${run.published})`,
    },
    {
      name: "page clocks agree with the bench clock",
      ok: run.clocks.length > 0 && run.clocks.every(clocksAgree),
      detail: `largest offset ${worstClock.offsetMs.toFixed(2)} ms ± ${worstClock.uncertaintyMs.toFixed(2)}`,
    },
    {
      name: "every tab's feed was watched from the window's start",
      ok: run.observersLateMs <= 0,
      detail:
        run.observersLateMs <= 0
          ? `ready ${(-run.observersLateMs).toFixed(0)} ms before it`
          : Number.isFinite(run.observersLateMs)
            ? `${run.observersLateMs.toFixed(0)} ms late`
            : "a feed never appeared",
    },
    {
      name: "no publish errors",
      ok: run.publishErrors === 0,
      detail:
        run.publishErrors === 0 ? "none" : `${run.publishErrors}: ${seen.firstPublishError ?? ""}`,
    },
    {
      name: "no errors in the pages",
      ok: run.pageErrors.length === 0,
      detail: run.pageErrors.length === 0 ? "none" : run.pageErrors.join("; "),
    },
  ];
}
