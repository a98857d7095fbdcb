import type { LatencyRun } from "./scenario.js";
import type { LatencySuiteData } from "./suite.js";
import type { LatencySummary } from "./summary.js";
import { scenarioLabel } from "./targets.js";

/** The publish-to-pixel section of BROWSER-RESULTS.md. */

const ms = (value: number): string => (Number.isFinite(value) ? value.toFixed(1) : "–");
const load = (values: readonly number[]): string =>
  values.length === 0 ? "–" : values.map((v) => v.toFixed(2)).join(" / ");

export function latencyCell(s: LatencySummary): string {
  return `${ms(s.p50)} / ${ms(s.p99)} / ${ms(s.max)}`;
}

function clockCell(run: LatencyRun): string {
  const worst = run.clocks.reduce<LatencyRun["clocks"][number] | undefined>(
    (w, c) => (w === undefined || Math.abs(c.offsetMs) > Math.abs(w.offsetMs) ? c : w),
    undefined,
  );
  // A report re-read from JSON has null where the run had NaN.
  if (worst === undefined || !Number.isFinite(worst.offsetMs)) return "–";
  const sign = worst.offsetMs >= 0 ? "+" : "−";
  return `${sign}${Math.abs(worst.offsetMs).toFixed(2)} ± ${Number.isFinite(worst.uncertaintyMs) ? worst.uncertaintyMs.toFixed(2) : "–"}`;
}

/** One row per scenario, in the order they ran. */
export function renderLatencyTable(runs: readonly LatencyRun[]): string[] {
  return [
    "| scenario | events | hub: publish → `ws` client p50 / p99 / max (ms) | page: publish → DOM p50 / p99 / max (ms) | publish → next frame after it p50 / p99 / max (ms) | worst tab's DOM p99 (ms) | rows seen | DOM observer: callbacks, ms | hub connections | page − bench clock (ms) | load (1 min) | checks |",
    "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
    ...runs.map((r) =>
      [
        "",
        scenarioLabel(r),
        String(r.published),
        latencyCell(r.hub),
        latencyCell(r.dom),
        latencyCell(r.frame),
        ms(Math.max(...r.domP99ByTab)),
        `${r.dom.count} of ${r.published * r.tabs}`,
        `${r.observer.calls}, ${r.observer.totalMs.toFixed(1)}`,
        String(r.connections ?? "–"),
        clockCell(r),
        r.loadAverage.toFixed(2),
        `${r.checks.filter((c) => c.ok).length} of ${r.checks.length}`,
        "",
      ]
        .join(" | ")
        .trim(),
    ),
  ];
}

export function renderLatencySection(data: LatencySuiteData): string[] {
  const c = data.config;
  const failedChecks = data.runs.flatMap((run) =>
    run.checks.filter((check) => !check.ok).map((check) => ({ run, check })),
  );
  const hidden = data.runs.filter((run) => run.visibility.some((v) => v !== "visible"));
  return [
    "## Publish to pixel",
    "",
    `Measured ${data.date} at ${data.gitCommit}; load average (1/5/15 min) at the start ${load(data.loadAverageStart)}, at the end ${load(data.loadAverageEnd)}. Method: [README.md](README.md#publish-to-pixel).`,
    "",
    `A producer publishes \`playback\` events at ${c.rates.join(" and ")} events/s (the events due together every 10 ms, one publish per batch) to a dashboard room, over NATS (JetStream, a real \`nats-server\`) and over the hub's \`POST /api/v1/publish\`; the dashboard is open in ${c.tabs.join(" and ")} window(s) of one browser context (each in a window of its own, so every one is drawn; they share one hub connection through the app's SharedWorker). Each event's latency runs from the publish call in the bench process to the MutationObserver seeing its feed row in each tab (DOM), and to the next animation frame after that; a plain \`ws\` client on the same room measures the hub's own publish → WebSocket receive for the same events. ${c.warmupMs / 1000} s warm-up, ${c.windowMs / 1000} s window, one run per scenario, percentiles over every event of the window (and every tab).`,
    "",
    ...machineNote(data),
    ...renderLatencyTable(data.runs),
    "",
    "### Publish to pixel: targets",
    "",
    "| target | measured | met |",
    "|---|---|:-:|",
    ...data.targets.map((t) => `| ${t.target} | ${t.measured} | ${t.met ? "yes" : "**no**"} |`),
    "",
    failedChecks.length === 0
      ? `Checks: all ${data.runs.reduce((n, r) => n + r.checks.length, 0)} passed (every tab live, one hub connection per browser, every event at the plain client and in every tab's feed, page clocks within their bound of the bench clock, no publish or page errors).`
      : "Failed checks:",
    ...failedChecks.map(
      ({ run, check }) => `- ${scenarioLabel(run)}: ${check.name}: ${check.detail}`,
    ),
    ...(hidden.length === 0
      ? []
      : [
          "",
          `Tabs not visible while measured (\`document.visibilityState\`): ${hidden.map((r) => `${scenarioLabel(r)}: ${r.visibility.join(", ")}`).join("; ")}.`,
        ]),
    ...(data.failures.length === 0
      ? []
      : [
          "",
          "Runs that did not complete:",
          ...data.failures.map((f) => `- ${scenarioLabel(f)}: ${f.error}`),
        ]),
  ];
}

/** What the reader must know about the machine before reading the figures. */
function machineNote(data: LatencySuiteData): string[] {
  const loads = [...data.loadAverageStart.slice(0, 1), ...data.loadAverageEnd.slice(0, 1)];
  const busiest = Math.max(...loads, ...data.runs.map((run) => run.loadAverage));
  const overloaded =
    busiest > data.cores
      ? ` During this run the load average reached ${busiest.toFixed(1)} on ${data.cores} cores: processes were waiting for a core most of the time, so these figures measure that wait as much as the code.`
      : "";
  return [
    `> **Shared machine.** Everything (nats-server, the hub, the producer, Chromium's processes) runs on ${data.cores} cores, which other processes may use at the same time; the load average (1 min) at the end of each window is in the table.${overloaded}${data.note === "" ? "" : ` ${data.note}`}`,
    "",
  ];
}
