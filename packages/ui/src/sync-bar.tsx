import { cx } from "./class-names.js";

export interface SyncBarProps {
  /** Names the bar for assistive technology (the sync's name). */
  label: string;
  /** 0..100, or undefined when the producer reported no progress. */
  percent: number | undefined;
  /** "1,200 of 4,800", read out after the percentage. */
  counts: string | undefined;
  /** Whether the sync is still going: only then does an unknown amount get a bar at all. */
  active: boolean;
}

/**
 * A sync's progress bar. Without a reported amount a running sync gets an indeterminate bar
 * (ARIA: a progressbar without `aria-valuenow`) and a finished or idle one gets none: a bar
 * at 0 % would claim that nothing was done.
 */
export function SyncBar({ label, percent, counts, active }: SyncBarProps) {
  if (percent === undefined) {
    if (!active) return null;
    return (
      <div
        className={cx("pb-bar", "pb-bar--indeterminate")}
        role="progressbar"
        aria-label={label}
        aria-valuetext="Progress not reported"
      >
        <div className="pb-bar__fill" />
      </div>
    );
  }
  return (
    <div
      className="pb-bar"
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percent}
      aria-valuetext={counts === undefined ? `${percent} %` : `${percent} %, ${counts}`}
    >
      <div className="pb-bar__fill" style={{ width: `${percent}%` }} />
    </div>
  );
}
