import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { BenchConfig } from "../src/config.js";
import { renderMarkdown, renderResults } from "../src/report/markdown.js";
import { quoteInReadme, RESULTS_END, RESULTS_START } from "../src/report/readme.js";
import { summarize } from "../src/report/summary.js";
import type { RunData } from "../src/results.js";

/**
 * The report code against the run the published figures come from (results/latest.json):
 * what it renders must be what RESULTS.md and the README quote.
 */
const BENCH_DIR = join(import.meta.dirname, "..");
const recorded = JSON.parse(
  readFileSync(join(BENCH_DIR, "results/latest.json"), "utf8"),
) as RunData;
const config = recorded.config as BenchConfig;
const summary = summarize(recorded, config);
const published = readFileSync(join(BENCH_DIR, "RESULTS.md"), "utf8");

function figures(clients: number) {
  const found = summary.byClients.find((s) => s.clients === clients);
  if (found === undefined) throw new Error(`no N = ${clients} in the recorded run`);
  return found;
}

describe("summarize, on the recorded run", () => {
  it("gives the medians the README quotes (N = 5,000)", () => {
    const { peers, ratios } = figures(5000);
    expect(peers.pulseboard?.cpuPerMillion.median.toFixed(2)).toBe("9.99");
    expect(peers.pulseboard?.cpuPerMillionBursty.median.toFixed(2)).toBe("11.54");
    expect(peers.socketio?.cpuPerMillion.median.toFixed(1)).toBe("18.8");
    expect(peers["write-floor"]?.cpuPerMillion.median.toFixed(2)).toBe("8.72");
    expect(peers.pulseboard?.maxDeliveries.median).toBe(1_280_000);
    expect(peers["pulseboard-2w"]?.maxDeliveries.median).toBe(1_600_000);
    expect(peers.pulseboard?.latencyP50.median.toFixed(1)).toBe("34.0");
    expect(peers.pulseboard?.latencyP99.median.toFixed(1)).toBe("90.6");
    expect(peers.pulseboard?.rssPerIdleKiB.median.toFixed(2)).toBe("4.28");
    expect(ratios.pulseboard?.socketio?.cpuPerMillion.toFixed(2)).toBe("0.53");
  });

  it("checks each target against its ratio: met, missed or unknown", () => {
    const byName = new Map(summary.targets.map((t) => [t.target, t]));
    expect(byName.get("hub CPU per delivery ≤ 1/2 of Socket.IO's (N=5000, even)")).toMatchObject({
      measured: "0.53×",
      met: false,
    });
    expect(
      byName.get("highest sustained deliveries/s ≥ 2× the best peer (N=1000, bursty)"),
    ).toMatchObject({ measured: "16.00×", met: true });
    expect(byName.get("RSS per idle connection ≤ naive ws's + 1 KiB (N=5000)")).toMatchObject({
      measured: "+1.17 KiB",
      met: false,
    });
  });

  it("has no target when a peer's figure is missing", () => {
    const withoutPeers = summarize(
      { ...recorded, sessions: recorded.sessions.filter((s) => s.peer === "pulseboard") },
      config,
    );
    const cpu = withoutPeers.targets.filter((t) => t.target.startsWith("hub CPU"));
    expect(cpu.length).toBeGreaterThan(0);
    expect(cpu.every((t) => t.met === undefined && t.measured === "n/a")).toBe(true);
  });
});

describe("renderMarkdown, on the recorded run", () => {
  it("renders the tables RESULTS.md publishes, line for line", () => {
    const tables = renderResults(recorded, summary, config).filter((line) => line.startsWith("|"));
    expect(tables.length).toBeGreaterThan(20);
    for (const line of tables) expect(published).toContain(line);
  });

  it("explains only the kinds of target that were missed", () => {
    const markdown = renderMarkdown(recorded, summary, config);
    expect(markdown).toContain("What limits the targets not met:");
    expect(markdown).toContain("**Hub CPU with evenly spaced events.**");
    const allMet = { ...summary, targets: summary.targets.map((t) => ({ ...t, met: true })) };
    const quiet = renderMarkdown(recorded, allMet, config);
    expect(quiet).not.toContain("**Hub CPU with evenly spaced events.**");
    expect(quiet).not.toContain("**p99 at 5,000 clients.**");
  });
});

describe("quoteInReadme", () => {
  it("replaces the marked section only, and leaves a README without markers alone", () => {
    const dir = mkdtempSync(join(tmpdir(), "bench-readme-"));
    try {
      const readme = join(dir, "README.md");
      writeFileSync(readme, `intro\n${RESULTS_START}\nold\n${RESULTS_END}\noutro\n`);
      expect(quoteInReadme(readme, "new table\n")).toBe(true);
      expect(readFileSync(readme, "utf8")).toBe(
        `intro\n${RESULTS_START}\nnew table\n${RESULTS_END}\noutro\n`,
      );
      const plain = join(dir, "PLAIN.md");
      writeFileSync(plain, "no markers\n");
      expect(quoteInReadme(plain, "x")).toBe(false);
      expect(readFileSync(plain, "utf8")).toBe("no markers\n");
      expect(quoteInReadme(join(dir, "missing.md"), "x")).toBe(false);
    } finally {
      rmSync(dir, { recursive: true });
    }
  });
});
