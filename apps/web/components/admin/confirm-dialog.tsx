"use client";

import { useEffect, useId, useRef } from "react";

export interface ConfirmRequest {
  title: string;
  message: string;
  confirmLabel: string;
  onConfirm: () => void;
}

/**
 * A modal `<dialog>` asking to confirm a destructive action: focus moves into it, Escape or
 * Cancel closes it, focus returns to the button that opened it (the browser does both).
 */
export function ConfirmDialog({
  request,
  onClose,
}: {
  request: ConfirmRequest | undefined;
  onClose: () => void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const messageId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (dialog === null) return;
    if (request !== undefined && !dialog.open) dialog.showModal();
    if (request === undefined && dialog.open) dialog.close();
  }, [request]);
  return (
    <dialog
      ref={ref}
      className="admin-dialog"
      aria-labelledby={titleId}
      aria-describedby={messageId}
      onClose={onClose}
    >
      <h2 id={titleId} className="admin-dialog__title">
        {request?.title}
      </h2>
      <p id={messageId}>{request?.message}</p>
      <div className="admin-dialog__actions">
        <button type="button" className="pb-button pb-button--quiet" onClick={onClose}>
          Cancel
        </button>
        <button
          type="button"
          className="pb-button admin-button--danger"
          onClick={() => {
            request?.onConfirm();
            onClose();
          }}
        >
          {request?.confirmLabel}
        </button>
      </div>
    </dialog>
  );
}
