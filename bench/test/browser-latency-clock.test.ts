import { describe, expect, it } from "vitest";
import {
  benchNowMs,
  CLOCK_TOLERANCE_MS,
  clocksAgree,
  estimateOffset,
} from "../src/browser/latency/clock.js";

describe("estimateOffset", () => {
  it("takes the shortest round trip: page − midpoint, ± half the round trip", () => {
    const offset = estimateOffset([
      { sentAt: 1000, pageAt: 1004, receivedAt: 1010 },
      { sentAt: 2000, pageAt: 2001.5, receivedAt: 2002 },
      { sentAt: 3000, pageAt: 3000, receivedAt: 3006 },
    ]);
    expect(offset.offsetMs).toBeCloseTo(0.5, 9);
    expect(offset.uncertaintyMs).toBeCloseTo(1, 9);
    expect(offset.samples).toBe(3);
  });

  it("finds a page clock running ahead, and ignores samples that went backwards", () => {
    const offset = estimateOffset([
      { sentAt: 500, pageAt: 0, receivedAt: 400 },
      { sentAt: 1000, pageAt: 1250.2, receivedAt: 1000.4 },
    ]);
    expect(offset.offsetMs).toBeCloseTo(250, 9);
    expect(offset.uncertaintyMs).toBeCloseTo(0.2, 9);
  });

  it("is NaN without a usable sample", () => {
    expect(estimateOffset([]).offsetMs).toBeNaN();
    expect(estimateOffset([{ sentAt: 2, pageAt: 1, receivedAt: 1 }]).uncertaintyMs).toBeNaN();
  });
});

describe("clocksAgree", () => {
  it("allows the estimate's uncertainty plus the tolerance, either way, and nothing more", () => {
    const at = (offsetMs: number) => clocksAgree({ offsetMs, uncertaintyMs: 0.5, samples: 1 });
    expect(at(0)).toBe(true);
    expect(at(-(0.5 + CLOCK_TOLERANCE_MS))).toBe(true);
    expect(at(0.5 + CLOCK_TOLERANCE_MS + 0.01)).toBe(false);
    expect(at(-3)).toBe(false);
    expect(at(Number.NaN)).toBe(false);
  });
});

describe("benchNowMs", () => {
  it("reads milliseconds since 1970, as Date.now() and a page's timeOrigin + now() do", () => {
    // Not a timing test: a reading on another epoch (process uptime, say) is off by years. The
    // margin is wide because the two may differ by a little (Date.now() follows adjustments of
    // the wall clock since the process started; timeOrigin + now() does not).
    expect(Math.abs(benchNowMs() - Date.now())).toBeLessThan(1_000);
  });
});
