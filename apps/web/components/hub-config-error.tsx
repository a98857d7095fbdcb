"use client";

import { ErrorState } from "@pulseboard/ui";

/** The dashboard cannot start: the web app's own configuration is wrong. */
export function HubConfigError({ message }: { message: string }) {
  return (
    <ErrorState title="The web app is misconfigured">
      <p>{message}</p>
      <p>Set it to the hub's WebSocket endpoint, e.g. ws://127.0.0.1:8080/ws, and restart.</p>
    </ErrorState>
  );
}
