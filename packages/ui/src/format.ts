/**
 * Formatting shared by the components. Plain functions of their inputs (no clock, no locale
 * state), so a server render and the browser's first render print the same text.
 */

const countFormat = new Intl.NumberFormat("en-US");

/** 48213 → "48,213"; undefined or null (not sent) → "—". */
export function formatCount(value: number | null | undefined): string {
  return typeof value !== "number" || !Number.isFinite(value) ? "—" : countFormat.format(value);
}

/** 4821 → "4.8 s"; 950 → "950 ms"; 125000 → "2 min 5 s"; not sent → "—". */
export function formatDuration(ms: number | null | undefined): string {
  if (typeof ms !== "number" || !Number.isFinite(ms) || ms < 0) return "—";
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.round((ms % 60_000) / 1000);
  return seconds === 0 ? `${minutes} min` : `${minutes} min ${seconds} s`;
}

/** How long ago `at` was, as of `now` (both ms since 1970): "just now", "12 s ago", "3 min ago". */
export function formatAge(at: number, now: number): string {
  const ms = Math.max(0, now - at);
  if (ms < 1000) return "just now";
  if (ms < 60_000) return `${Math.floor(ms / 1000)} s ago`;
  if (ms < 3_600_000) return `${Math.floor(ms / 60_000)} min ago`;
  return `${Math.floor(ms / 3_600_000)} h ago`;
}

/** Whole seconds left until `at` (never negative), for countdowns. */
export function secondsUntil(at: number, now: number): number {
  return Math.max(0, Math.ceil((at - now) / 1000));
}

/**
 * A timestamp as ms since 1970, or undefined when it tells nothing: absent, unparsable, or Go's
 * zero `time.Time` ("0001-01-01T00:00:00Z"), which Go producers write for a time never set.
 */
export function parseTime(at: string | number | null | undefined): number | undefined {
  if (at === undefined || at === null) return undefined;
  const ms = new Date(at).getTime();
  if (Number.isNaN(ms) || ms <= GO_ZERO_TIME_MS) return undefined;
  return ms;
}

// 0001-01-01T00:00:00Z; `Date.UTC` would map year 1 to 1901.
const GO_ZERO_TIME_MS = -62_135_596_800_000;

/** The first of `candidates` that is a real time (see `parseTime`), as written. */
export function firstTime(...candidates: (string | null | undefined)[]): string | undefined {
  return candidates.find(
    (at): at is string => typeof at === "string" && parseTime(at) !== undefined,
  );
}

/** A timestamp (RFC 3339 text or ms since 1970) as "23:00:04" in UTC, stable across hosts. */
export function formatClock(at: string | number | null | undefined): string {
  const ms = parseTime(at);
  if (ms === undefined) return "—";
  return `${new Date(ms).toISOString().slice(11, 19)} UTC`;
}

/** 37.5 → "38 %"; clamps to 0..100. */
export function formatPercent(value: number): string {
  return `${Math.round(clampPercent(value))} %`;
}

export function clampPercent(value: number): number {
  if (!Number.isFinite(value)) return 0;
  return Math.min(100, Math.max(0, value));
}
