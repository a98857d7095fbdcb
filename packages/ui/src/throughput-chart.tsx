import { useEffect, useRef, useState } from "react";
import type uPlot from "uplot";
import { canDrawCanvas } from "./can-draw-canvas.js";
import { formatCount } from "./format.js";
import { Panel } from "./panel.js";
import { themeColour } from "./theme-colour.js";
import { describeSeries, type ThroughputSeries } from "./throughput-series.js";
import { useThemeVersion } from "./use-theme-version.js";

export interface ThroughputChartProps {
  series: ThroughputSeries;
  title?: string;
  /** Name of the plotted quantity, e.g. "events/s". */
  unit?: string;
  /** Plot height in CSS pixels (default 160). */
  height?: number;
}

type Mode = "pending" | "chart" | "unavailable";

/**
 * A streaming line chart (uPlot on a canvas). The chart is created once per mount (and per
 * theme change, to re-read its colours); new data goes through `setData`, so a chart that
 * updates every second costs one redraw, not a rebuild. uPlot is imported lazily in the
 * browser: the server render and environments without canvas (jsdom) show the text summary,
 * which is also what assistive technology reads.
 */
export function ThroughputChart({
  series,
  title = "Throughput",
  unit = "events/s",
  height = 160,
}: ThroughputChartProps) {
  const containerRef = useRef<HTMLDivElement>(null);
  const chartRef = useRef<uPlot | null>(null);
  /** What the chart last drew. */
  const drawnRef = useRef<ThroughputSeries | undefined>(undefined);
  const seriesRef = useRef(series);
  seriesRef.current = series;
  const [mode, setMode] = useState<Mode>("pending");
  const themeVersion = useThemeVersion();

  // biome-ignore lint/correctness/useExhaustiveDependencies: themeVersion is the trigger to rebuild with new colours; series changes go through setData below.
  useEffect(() => {
    const container = containerRef.current;
    if (container === null) return;
    if (!canDrawCanvas()) {
      setMode("unavailable");
      return;
    }
    let disposed = false;
    let resize: ResizeObserver | undefined;
    import("uplot").then(
      ({ default: UPlot }) => {
        if (disposed) return;
        const width = container.clientWidth || 320;
        const chart = new UPlot(
          chartOptions(readColours(container), width, height, unit),
          toAligned(seriesRef.current),
          container,
        );
        chartRef.current = chart;
        drawnRef.current = seriesRef.current;
        setMode("chart");
        if (typeof ResizeObserver === "function") {
          resize = new ResizeObserver(() => {
            const next = container.clientWidth;
            if (next > 0 && next !== chart.width) chart.setSize({ width: next, height });
          });
          resize.observe(container);
        }
      },
      () => {
        if (!disposed) setMode("unavailable");
      },
    );
    return () => {
      disposed = true;
      resize?.disconnect();
      chartRef.current?.destroy();
      chartRef.current = null;
    };
  }, [height, unit, themeVersion]);

  // A room's store changes once per frame while events arrive, the series only when a second
  // completes: redraw (axes, text, path: the page's costliest paint) only when it changed.
  useEffect(() => {
    const chart = chartRef.current;
    if (chart === null || (drawnRef.current && sameSeries(drawnRef.current, series))) return;
    drawnRef.current = series;
    chart.setData(toAligned(series));
  }, [series]);

  const { latest, peak, seconds } = describeSeries(series);
  return (
    <Panel title={title}>
      <figure className="pb-chart">
        <div
          ref={containerRef}
          className="pb-chart__plot"
          style={{ minHeight: mode === "unavailable" ? undefined : height }}
          aria-hidden="true"
        />
        <figcaption className="pb-chart__summary">
          Now {formatCount(latest)} {unit}, peak {formatCount(peak)} {unit} over the last {seconds}{" "}
          s{mode === "unavailable" ? " (chart not available in this browser)" : ""}
        </figcaption>
      </figure>
    </Panel>
  );
}

/** Seconds since 1970 → "23:00:04" (UTC, like every other time on the dashboards). */
function clockLabel(seconds: number): string {
  return new Date(seconds * 1000).toISOString().slice(11, 19);
}

function sameSeries(a: ThroughputSeries, b: ThroughputSeries): boolean {
  if (a === b) return true;
  if (a.xs.length !== b.xs.length) return false;
  for (let i = 0; i < a.xs.length; i++) {
    if (a.xs[i] !== b.xs[i] || a.ys[i] !== b.ys[i]) return false;
  }
  return true;
}

function toAligned(series: ThroughputSeries): uPlot.AlignedData {
  return [Array.from(series.xs), Array.from(series.ys)];
}

interface Colours {
  line: string;
  fill: string;
  axis: string;
  grid: string;
}

/** Canvas cannot use CSS variables: read the theme's values at creation. */
function readColours(element: HTMLElement): Colours {
  return {
    line: themeColour(element, "--pb-chart-line", "#1d4ed8"),
    fill: themeColour(element, "--pb-chart-fill", "rgba(29, 78, 216, 0.15)"),
    axis: themeColour(element, "--pb-text-muted", "#4b5563"),
    grid: themeColour(element, "--pb-border", "#d5dae1"),
  };
}

function chartOptions(
  colours: Colours,
  width: number,
  height: number,
  unit: string,
): uPlot.Options {
  const axis = {
    stroke: colours.axis,
    grid: { stroke: colours.grid, width: 1 },
    ticks: { stroke: colours.grid, width: 1 },
  };
  return {
    width,
    height,
    legend: { show: false },
    // Room on the right for the last time label, which uPlot centres on the plot's edge.
    padding: [8, 32, 0, 0],
    cursor: { drag: { x: false, y: false }, points: { show: false } },
    scales: {
      x: { time: true },
      // Zero-based, and never a flat 0..0 scale while the room is idle.
      y: { range: (_chart, _min, max) => [0, Math.max(1, Math.ceil(max * 1.1))] },
    },
    axes: [
      // One row of UTC clock times (uPlot's default adds a second row with the date).
      { ...axis, space: 70, values: (_chart, splits) => splits.map(clockLabel) },
      { ...axis, size: 48 },
    ],
    series: [
      {},
      {
        label: unit,
        stroke: colours.line,
        fill: colours.fill,
        width: 2,
        points: { show: false },
      },
    ],
  };
}
