import { EVENT_TIMING_THRESHOLD_MS, type Spread } from "./figures.js";

/** How the report prints figures: "–" for a missing value, "< 16" for one under Event Timing's threshold. */

export const fixed = (value: number, digits = 1): string =>
  Number.isFinite(value) ? value.toFixed(digits) : "–";

export const ms = (value: number | null): string =>
  value === null ? `< ${EVENT_TIMING_THRESHOLD_MS}` : fixed(value, 0);

export const spreadMs = (s: Spread<number | null>): string =>
  `${ms(s.p50)} / ${ms(s.p95)} / ${ms(s.max)}`;

export const share = (part: number, whole: number): string =>
  whole > 0 ? `${((100 * part) / whole).toFixed(1)} %` : "–";
