import type { ReactNode } from "react";

export interface ErrorStateProps {
  title: string;
  /** What happened, in words a dashboard user understands. */
  children?: ReactNode;
  /** Technical detail (close code, HTTP status), shown smaller. */
  detail?: string;
  /** Shows a "Retry now" button. */
  onRetry?: () => void;
  retryLabel?: string;
}

/** A problem the user should know about; announced at once (role="alert"). */
export function ErrorState({
  title,
  children,
  detail,
  onRetry,
  retryLabel = "Retry now",
}: ErrorStateProps) {
  return (
    <div className="pb-error" role="alert">
      <p className="pb-error__title">{title}</p>
      {children === undefined ? null : <div className="pb-error__body">{children}</div>}
      {detail === undefined ? null : <p className="pb-error__detail">{detail}</p>}
      {onRetry === undefined ? null : (
        <button type="button" className="pb-button" onClick={onRetry}>
          {retryLabel}
        </button>
      )}
    </div>
  );
}
