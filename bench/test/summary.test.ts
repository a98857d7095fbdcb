import { describe, expect, it } from "vitest";
import { median, ratio, spread } from "../src/stats/summary.js";

describe("median", () => {
  it("is the middle value, or the mean of the two middle ones, of the finite values", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([5, Number.NaN, 1, Number.POSITIVE_INFINITY, 3])).toBe(3);
    expect(median([])).toBeNaN();
    expect(median([Number.NaN])).toBeNaN();
  });

  it("does not reorder its input", () => {
    const values = [3, 1, 2];
    median(values);
    expect(values).toEqual([3, 1, 2]);
  });
});

describe("spread", () => {
  it("is the finite values' range", () => {
    expect(spread([2, Number.NaN, 9, 4])).toEqual({ min: 2, max: 9 });
    expect(spread([])).toEqual({ min: Number.NaN, max: Number.NaN });
  });
});

describe("ratio", () => {
  it("is a / b, NaN when either is missing or b is 0", () => {
    expect(ratio(1, 4)).toBe(0.25);
    expect(ratio(1, 0)).toBeNaN();
    expect(ratio(Number.NaN, 2)).toBeNaN();
    expect(ratio(2, Number.POSITIVE_INFINITY)).toBeNaN();
  });
});
