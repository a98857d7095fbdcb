import { type ReactNode, useId } from "react";
import { cx } from "./class-names.js";

export interface PanelProps {
  title: string;
  /** Shown beside the title, e.g. a count or a badge. */
  aside?: ReactNode;
  className?: string;
  children: ReactNode;
}

/** A titled section of a dashboard; the heading names the region for assistive technology. */
export function Panel({ title, aside, className, children }: PanelProps) {
  const headingId = useId();
  return (
    <section className={cx("pb-panel", className)} aria-labelledby={headingId}>
      <header className="pb-panel__header">
        <h2 id={headingId} className="pb-panel__title">
          {title}
        </h2>
        {aside === undefined ? null : <div className="pb-panel__aside">{aside}</div>}
      </header>
      {children}
    </section>
  );
}
