/**
 * Whether this environment can draw the chart: a browser with a 2D canvas and `matchMedia`
 * (uPlot reads the pixel ratio through it as soon as it is imported). False on the server and
 * in jsdom, where the chart falls back to its text summary. `matchMedia` is checked first so
 * jsdom is never asked for a canvas context it would only complain about.
 */
export function canDrawCanvas(): boolean {
  if (typeof window === "undefined" || typeof document === "undefined") return false;
  if (typeof window.matchMedia !== "function") return false;
  try {
    return document.createElement("canvas").getContext("2d") !== null;
  } catch {
    return false;
  }
}
