import { render, screen, waitFor } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ThroughputChart } from "../src/throughput-chart.js";
import { describeSeries, throughputSeries } from "../src/throughput-series.js";

const uplot = vi.hoisted(() => {
  const created: {
    data: unknown;
    setData: ReturnType<typeof vi.fn>;
    destroy: ReturnType<typeof vi.fn>;
  }[] = [];
  class FakePlot {
    width = 320;
    setData = vi.fn();
    setSize = vi.fn();
    destroy = vi.fn();
    constructor(_options: unknown, data: unknown, _target: HTMLElement) {
      created.push({ data, setData: this.setData, destroy: this.destroy });
    }
  }
  return { created, FakePlot };
});

vi.mock("uplot", () => ({ default: uplot.FakePlot }));

describe("throughputSeries", () => {
  it("fills seconds without events with zero and leaves out the bucket still filling", () => {
    const series = throughputSeries(
      [
        { start: 7_000, count: 3 },
        { start: 9_000, count: 5 },
        { start: 10_000, count: 2 },
      ],
      10_500,
      { windowMs: 4_000 },
    );
    expect(series.xs).toEqual([6, 7, 8, 9]);
    expect(series.ys).toEqual([0, 3, 0, 5]);
    expect(describeSeries(series)).toEqual({ latest: 5, peak: 5, seconds: 4 });
  });

  it("says how long a series spans from its points, whatever their spacing", () => {
    // The admin page polls every 2 s: 450 points are 15 minutes, not 450 s.
    const xs = Array.from({ length: 450 }, (_, i) => 1_000 + 2 * i);
    const ys = xs.map(() => 1);
    expect(describeSeries({ xs, ys }).seconds).toBe(900);
    expect(describeSeries({ xs: [5], ys: [1] }).seconds).toBe(1);
    expect(describeSeries({ xs: [], ys: [] }).seconds).toBe(0);
  });

  it("scales counts to a rate per second", () => {
    const series = throughputSeries([{ start: 0, count: 10 }], 5_000, {
      windowMs: 10_000,
      bucketMs: 5_000,
    });
    expect(series.ys).toEqual([0, 2]);
  });
});

describe("ThroughputChart", () => {
  const first = { xs: [1, 2, 3], ys: [4, 9, 2] };

  afterEach(() => {
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
    uplot.created.length = 0;
  });

  it("falls back to its text summary where there is no canvas (jsdom, server)", async () => {
    render(<ThroughputChart series={first} />);
    await waitFor(() =>
      expect(screen.getByText(/chart not available in this browser/)).toBeTruthy(),
    );
    expect(screen.getByRole("figure").textContent).toContain(
      "Now 2 events/s, peak 9 events/s over the last 3 s",
    );
    expect(uplot.created).toHaveLength(0);
  });

  describe("with a canvas", () => {
    beforeEach(() => {
      vi.stubGlobal("matchMedia", () => ({
        matches: false,
        addEventListener: () => {},
        removeEventListener: () => {},
      }));
      vi.spyOn(HTMLCanvasElement.prototype, "getContext").mockReturnValue(
        {} as CanvasRenderingContext2D,
      );
    });

    it("creates the chart once and streams new data into it", async () => {
      const { rerender, unmount } = render(<ThroughputChart series={first} />);
      await waitFor(() => expect(uplot.created).toHaveLength(1));
      const chart = uplot.created[0];
      expect(chart?.data).toEqual([
        [1, 2, 3],
        [4, 9, 2],
      ]);

      rerender(<ThroughputChart series={{ xs: [2, 3, 4], ys: [9, 2, 7] }} />);
      rerender(<ThroughputChart series={{ xs: [3, 4, 5], ys: [2, 7, 1] }} />);
      expect(uplot.created).toHaveLength(1);
      expect(chart?.setData).toHaveBeenLastCalledWith([
        [3, 4, 5],
        [2, 7, 1],
      ]);
      expect(screen.getByRole("figure").textContent).toContain("Now 1 events/s, peak 7 events/s");
      expect(screen.queryByText(/not available/)).toBeNull();

      unmount();
      expect(chart?.destroy).toHaveBeenCalledOnce();
    });

    it("redraws only when the points change, not on every new series object", async () => {
      // A busy room hands the chart a new series each frame; its points change once a second.
      const { rerender } = render(<ThroughputChart series={first} />);
      await waitFor(() => expect(uplot.created).toHaveLength(1));
      const chart = uplot.created[0];
      rerender(<ThroughputChart series={{ xs: [1, 2, 3], ys: [4, 9, 2] }} />);
      rerender(<ThroughputChart series={{ xs: [1, 2, 3], ys: [4, 9, 2] }} />);
      expect(chart?.setData).not.toHaveBeenCalled();
      rerender(<ThroughputChart series={{ xs: [1, 2, 3], ys: [4, 9, 3] }} />);
      rerender(<ThroughputChart series={{ xs: [1, 2, 3], ys: [4, 9, 3] }} />);
      expect(chart?.setData).toHaveBeenCalledOnce();
      expect(chart?.setData).toHaveBeenLastCalledWith([
        [1, 2, 3],
        [4, 9, 3],
      ]);
    });
  });
});
