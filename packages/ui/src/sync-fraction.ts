import type { SyncProgressData } from "@pulseboard/protocol";
import { formatCount } from "./format.js";

/**
 * A sync's progress as a fraction 0..1, from either form the protocol allows: a number 0..1 or
 * `{done, total}` counts. A total of 0 counts as not started (0), not as a division by zero.
 */
export function syncFraction(progress: SyncProgressData["progress"]): number {
  const raw =
    typeof progress === "number"
      ? progress
      : progress.total === 0
        ? 0
        : progress.done / progress.total;
  return Number.isFinite(raw) ? Math.min(1, Math.max(0, raw)) : 0;
}

/** "1,200 of 4,800" for counted progress, undefined for a bare fraction. */
export function syncCounts(progress: SyncProgressData["progress"]): string | undefined {
  if (typeof progress === "number") return undefined;
  return `${formatCount(progress.done)} of ${formatCount(progress.total)}`;
}
