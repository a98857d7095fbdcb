"use client";

import { ErrorState } from "@pulseboard/ui";

/**
 * Any error while rendering a page, e.g. an invalid NEXT_PUBLIC_HUB_URL. In production a
 * server error arrives as a generic message with a digest that matches the server's log.
 */
export default function PageError({ error, retry }: { error: unknown; retry: () => void }) {
  const message = error instanceof Error ? error.message : String(error);
  const digest =
    error instanceof Error && "digest" in error && typeof error.digest === "string"
      ? error.digest
      : undefined;
  return (
    <main id="main" className="page">
      <ErrorState
        title="This page could not be shown"
        detail={digest === undefined ? undefined : `error ${digest}`}
        onRetry={retry}
        retryLabel="Try again"
      >
        <p>{message || "An unexpected error occurred."}</p>
      </ErrorState>
    </main>
  );
}
