import type { AlertSeverity } from "@pulseboard/protocol";
import type { KeyboardEvent, ReactNode } from "react";

export interface ToastProps {
  title: string;
  children?: ReactNode;
  severity?: AlertSeverity;
  /** Buttons besides "Dismiss". */
  actions?: ReactNode;
  onDismiss?: () => void;
}

/**
 * A notification that stays until dismissed (no timeout: a critical message must not vanish
 * before it is read). Critical toasts are `role="alert"` (announced at once), others `status`.
 * Escape dismisses the toast that has focus.
 */
export function Toast({ title, children, severity = "info", actions, onDismiss }: ToastProps) {
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key === "Escape" && onDismiss !== undefined) {
      event.stopPropagation();
      onDismiss();
    }
  };
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: Escape is a shortcut; the buttons inside remain the primary controls.
    <div
      className={`pb-toast pb-toast--${severity}`}
      role={severity === "critical" ? "alert" : "status"}
      onKeyDown={onKeyDown}
    >
      <p className="pb-toast__title">{title}</p>
      {children === undefined ? null : <div className="pb-toast__body">{children}</div>}
      <div className="pb-toast__actions">
        {actions}
        {onDismiss === undefined ? null : (
          <button
            type="button"
            className="pb-button pb-button--quiet"
            onClick={onDismiss}
            aria-label={`Dismiss notification: ${title}`}
          >
            Dismiss
          </button>
        )}
      </div>
    </div>
  );
}

/** Where toasts stack, fixed to a corner of the viewport. */
export function ToastRegion({ children }: { children: ReactNode }) {
  return (
    <section className="pb-toasts" aria-label="Notifications">
      {children}
    </section>
  );
}
