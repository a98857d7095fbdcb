import type { SyncProgressData, SyncProgressObject } from "@pulseboard/protocol";
import { formatCount } from "./format.js";

type Progress = SyncProgressData["progress"];

/**
 * A sync's progress as a fraction 0..1, or undefined when the producer did not say (progress
 * null or absent, or an object without usable numbers): a bar must then not claim 0 %.
 * Reads every form the protocol allows: a fraction (clamped; producers overshoot), an upstream
 * import's `progress_percent` (0–100), `{done, total}` or `{processed_records, total_records}`.
 * A total of 0 counts as not started (0), not as a division by zero.
 */
export function syncFraction(progress: Progress): number | undefined {
  const raw = typeof progress === "number" ? progress : fractionOfObject(progress);
  if (raw === undefined || !Number.isFinite(raw)) return undefined;
  return Math.min(1, Math.max(0, raw));
}

function fractionOfObject(progress: SyncProgressObject | null | undefined): number | undefined {
  if (progress === null || progress === undefined) return undefined;
  // The producer's own percentage first: it knows what it counts better than a ratio does.
  if (typeof progress.progress_percent === "number") return progress.progress_percent / 100;
  const counts = countsOf(progress);
  if (counts === undefined) return undefined;
  return counts.total === 0 ? 0 : counts.done / counts.total;
}

/** "1,200 of 4,800" for counted progress, undefined for a bare fraction or no counts. */
export function syncCounts(progress: Progress): string | undefined {
  if (typeof progress !== "object" || progress === null) return undefined;
  const counts = countsOf(progress);
  if (counts === undefined) return undefined;
  return `${formatCount(counts.done)} of ${formatCount(counts.total)}`;
}

function countsOf(progress: SyncProgressObject): { done: number; total: number } | undefined {
  const done = progress.done ?? progress.processed_records;
  const total = progress.total ?? progress.total_records;
  return typeof done === "number" && typeof total === "number" ? { done, total } : undefined;
}
