import { describe, expect, it } from "vitest";
import { BUCKETS, bucketOf, bucketValue, LatencyHistogram } from "../src/stats/histogram.js";

describe("LatencyHistogram buckets", () => {
  it("is exact below 128 µs", () => {
    for (let us = 0; us < 128; us++) expect(bucketValue(bucketOf(us))).toBe(us);
  });

  it("reads any value back within 1.6 % (64 sub-buckets per power of two)", () => {
    for (let us = 128; us < 2 ** 31; us = Math.ceil(us * 1.013)) {
      const back = bucketValue(bucketOf(us));
      expect(Math.abs(back - us) / us, `${us} µs`).toBeLessThanOrEqual(1 / 64);
    }
  });

  it("orders buckets as it orders values, and keeps every value inside the array", () => {
    let previous = -1;
    for (let us = 0; us < 2 ** 31; us = us < 1000 ? us + 1 : Math.ceil(us * 1.001)) {
      const index = bucketOf(us);
      expect(index).toBeGreaterThanOrEqual(previous);
      previous = index;
    }
    expect(bucketOf(-5)).toBe(0);
    expect(bucketOf(Number.MAX_SAFE_INTEGER)).toBe(BUCKETS - 1);
  });
});

describe("LatencyHistogram quantiles", () => {
  it("gives the rank's value: p50 and p99 of 1..1000 µs", () => {
    const h = new LatencyHistogram();
    for (let us = 1; us <= 1000; us++) h.record(us);
    expect(h.total).toBe(1000);
    expect(Math.abs(h.quantile(0.5) - 500) / 500).toBeLessThanOrEqual(1 / 64);
    expect(Math.abs(h.quantile(0.99) - 990) / 990).toBeLessThanOrEqual(1 / 64);
    expect(h.quantile(1)).toBe(1000);
  });

  it("never reports above the exact maximum; NaN when empty", () => {
    const h = new LatencyHistogram();
    expect(h.quantile(0.5)).toBeNaN();
    h.record(1001);
    expect(h.quantile(0.99)).toBe(1001);
    expect(h.maxUs).toBe(1001);
  });

  it("merges across processes as if one had recorded everything", () => {
    const a = new LatencyHistogram();
    const b = new LatencyHistogram();
    const both = new LatencyHistogram();
    for (let i = 0; i < 500; i++) {
      a.record(i * 7);
      b.record(i * 131);
      both.record(i * 7);
      both.record(i * 131);
    }
    a.merge(b.snapshot());
    expect(a.total).toBe(both.total);
    expect(a.maxUs).toBe(both.maxUs);
    expect([...a.counts]).toEqual([...both.counts]);
    for (const q of [0.5, 0.9, 0.99]) expect(a.quantile(q)).toBe(both.quantile(q));
  });

  it("snapshots are copies; reset empties", () => {
    const h = new LatencyHistogram();
    h.record(10);
    const snapshot = h.snapshot();
    h.record(10);
    expect(snapshot.total).toBe(1);
    expect(snapshot.counts[10]).toBe(1);
    h.reset();
    expect(h.total).toBe(0);
    expect(h.counts.every((c) => c === 0)).toBe(true);
  });
});
