"use client";

import { ErrorState } from "@pulseboard/ui";
import { useState } from "react";
import type { ConnectionRow } from "../../lib/admin/types";
import { ConfirmDialog, type ConfirmRequest } from "./confirm-dialog";
import { ConnectionsTable } from "./connections-table";
import { HubOverview } from "./hub-overview";
import { PresencePanel } from "./presence-panel";
import { RoomsTable } from "./rooms-table";
import { postAdmin, useAdminData } from "./use-admin-data";

/**
 * The operator's console: hubs with their plots, rooms, connections (Disconnect, Revoke) and
 * presence. Everything goes through this app's /api/admin routes; the browser never holds
 * the hub's admin token. What an action did is announced in a polite live region.
 */
export function AdminConsole() {
  const data = useAdminData();
  const [confirm, setConfirm] = useState<ConfirmRequest>();
  const [announcement, setAnnouncement] = useState("");
  const [presenceRoom, setPresenceRoom] = useState<string>();

  const act = async (action: "disconnect" | "revoke", body: object, done: string) => {
    try {
      const result = await postAdmin<{ closed?: number; missing?: string[] }>(action, body);
      const missing = result.missing?.length
        ? `; ${result.missing.length} hub(s) did not answer`
        : "";
      setAnnouncement(`${done}: ${result.closed ?? 0} connection(s) closed${missing}.`);
    } catch (failure) {
      setAnnouncement(`Failed: ${failure instanceof Error ? failure.message : String(failure)}`);
    }
    data.refresh();
  };

  const actions = {
    disconnect: (connection: ConnectionRow) =>
      setConfirm({
        title: "Disconnect this connection?",
        message: `${connection.user ?? "This anonymous viewer"} is disconnected (close 4010) and may reconnect after 10–20 s.`,
        confirmLabel: "Disconnect",
        onConfirm: () =>
          void act(
            "disconnect",
            { connection: connection.connection_id },
            `Disconnected ${connection.connection_id}`,
          ),
      }),
    revoke: (connection: ConnectionRow) =>
      setConfirm({
        title: `Revoke ${connection.user}?`,
        message: `Every connection of ${connection.user} on every hub is closed (4003), and their tokens are refused until they expire.`,
        confirmLabel: "Revoke user",
        onConfirm: () => void act("revoke", { sub: connection.user }, `Revoked ${connection.user}`),
      }),
    revokeToken: (connection: ConnectionRow) =>
      setConfirm({
        title: "Revoke this token?",
        message: `The token ${connection.jti} is refused until it expires, and the connections holding it are closed (4003). ${connection.user ?? "The viewer"} may come back with a new token.`,
        confirmLabel: "Revoke token",
        onConfirm: () =>
          void act("revoke", { jti: connection.jti }, `Revoked token ${connection.jti}`),
      }),
  };

  return (
    <div className="admin">
      <p className="pb-visually-hidden" aria-live="polite" role="status">
        {announcement}
      </p>
      {announcement === "" ? null : (
        <p className="admin-notice" aria-hidden="true">
          {announcement}
        </p>
      )}
      {data.error === undefined ? null : (
        <ErrorState title="Cannot read the hubs" onRetry={data.refresh}>
          <p>{data.error}</p>
        </ErrorState>
      )}
      <section aria-labelledby="admin-hubs-heading">
        <h2 id="admin-hubs-heading" className="admin-heading">
          Hubs
        </h2>
        <HubOverview answer={data.hubs} samples={data.samples} />
      </section>
      <div className="admin-grid">
        <RoomsTable answer={data.rooms} onShowPresence={setPresenceRoom} />
        <PresencePanel rooms={data.rooms} room={presenceRoom} onRoomChange={setPresenceRoom} />
      </div>
      <ConnectionsTable answer={data.connections} actions={actions} />
      <ConfirmDialog request={confirm} onClose={() => setConfirm(undefined)} />
    </div>
  );
}
