import type { ReactNode } from "react";
import { cx } from "./class-names.js";

export interface EmptyStateProps {
  title: string;
  /** Explanation and, where useful, what to do next. */
  children?: ReactNode;
  /** A button or link, e.g. "Retry now". */
  action?: ReactNode;
  /** Smaller variant for inside a panel. */
  compact?: boolean;
}

/** "Nothing here yet" — says so plainly instead of showing blank space or zeros. */
export function EmptyState({ title, children, action, compact = false }: EmptyStateProps) {
  return (
    <div className={cx("pb-empty", compact && "pb-empty--compact")} role="status">
      <p className="pb-empty__title">{title}</p>
      {children === undefined ? null : <div className="pb-empty__body">{children}</div>}
      {action === undefined ? null : <div className="pb-empty__action">{action}</div>}
    </div>
  );
}
