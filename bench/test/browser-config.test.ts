import { describe, expect, it } from "vitest";
import { loadBrowserBenchConfig } from "../src/browser/config.js";

describe("browser bench options", () => {
  it("takes the README's quick try: --rounds=1 --window-s=5 --out=DIR", () => {
    const config = loadBrowserBenchConfig(["--rounds=1", "--window-s=5", "--out=/tmp/browser"], {});
    expect(config.rounds).toBe(1);
    expect(config.windowMs).toBe(5_000);
    expect(config.markdownPath).toBe("/tmp/browser/BROWSER-RESULTS.md");
  });

  it("refuses an unknown option, naming the known ones", () => {
    expect(() => loadBrowserBenchConfig(["--round=1"], {})).toThrow(/--rounds=/);
  });
});
