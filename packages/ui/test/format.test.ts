import { describe, expect, it } from "vitest";
import {
  firstTime,
  formatAge,
  formatClock,
  formatCount,
  formatDuration,
  formatPercent,
  parseTime,
  secondsUntil,
} from "../src/format.js";

describe("format", () => {
  it("prints counts with separators and a dash for unknown values", () => {
    expect(formatCount(48213)).toBe("48,213");
    expect(formatCount(0)).toBe("0");
    expect(formatCount(undefined)).toBe("—");
    expect(formatCount(Number.NaN)).toBe("—");
  });

  it("prints durations in the largest sensible unit", () => {
    expect(formatDuration(950)).toBe("950 ms");
    expect(formatDuration(4821)).toBe("4.8 s");
    expect(formatDuration(42_000)).toBe("42 s");
    expect(formatDuration(125_000)).toBe("2 min 5 s");
    expect(formatDuration(120_000)).toBe("2 min");
    expect(formatDuration(-1)).toBe("—");
  });

  it("prints ages and countdowns from an explicit clock", () => {
    expect(formatAge(10_000, 10_400)).toBe("just now");
    expect(formatAge(10_000, 22_000)).toBe("12 s ago");
    expect(formatAge(0, 180_000)).toBe("3 min ago");
    expect(formatAge(0, 7_200_000)).toBe("2 h ago");
    expect(formatAge(20_000, 10_000)).toBe("just now");
    expect(secondsUntil(15_000, 10_000)).toBe(5);
    expect(secondsUntil(15_000, 10_001)).toBe(5);
    expect(secondsUntil(15_000, 20_000)).toBe(0);
  });

  it("prints clock times in UTC whatever the host's zone", () => {
    expect(formatClock("2026-11-21T22:59:10+01:00")).toBe("21:59:10 UTC");
    expect(formatClock(Date.UTC(2026, 0, 2, 3, 4, 5))).toBe("03:04:05 UTC");
    expect(formatClock("not a date")).toBe("—");
    expect(formatClock(undefined)).toBe("—");
  });

  it("clamps percentages", () => {
    expect(formatPercent(37.5)).toBe("38 %");
    expect(formatPercent(140)).toBe("100 %");
    expect(formatPercent(-3)).toBe("0 %");
  });
});

describe("times producers leave out", () => {
  it("treats absent, null, unparsable and Go's zero time as no time", () => {
    expect(parseTime(undefined)).toBeUndefined();
    expect(parseTime(null)).toBeUndefined();
    expect(parseTime("soon")).toBeUndefined();
    expect(parseTime("0001-01-01T00:00:00Z")).toBeUndefined();
    expect(parseTime("1970-01-01T00:00:00Z")).toBe(0);
    expect(formatClock(null)).toBe("—");
    expect(formatClock("0001-01-01T00:00:00Z")).toBe("—");
    expect(formatCount(null)).toBe("—");
    expect(formatDuration(undefined)).toBe("—");
  });

  it("picks the first real time", () => {
    expect(firstTime(null, "0001-01-01T00:00:00Z", undefined, "2026-11-30T21:14:03Z")).toBe(
      "2026-11-30T21:14:03Z",
    );
    expect(firstTime(null, undefined)).toBeUndefined();
  });
});
