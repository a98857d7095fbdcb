"use client";

import { formatAge, formatCount, Panel, parseTime, useNow } from "@pulseboard/ui";
import type { ConnectionRow, ConnectionsAnswer } from "../../lib/admin/types";
import { shortId } from "./hub-overview";

export interface ConnectionActions {
  disconnect: (connection: ConnectionRow) => void;
  /** Revokes the user (`sub`): every token of theirs. */
  revoke: (connection: ConnectionRow) => void;
  /** Revokes only the token this connection holds (`jti`). */
  revokeToken: (connection: ConnectionRow) => void;
}

/** Every connection of the cluster, with Disconnect and Revoke (both confirmed first). */
export function ConnectionsTable({
  answer,
  actions,
}: {
  answer: ConnectionsAnswer | undefined;
  actions: ConnectionActions;
}) {
  const now = useNow(5_000, true);
  const connections = answer?.connections ?? [];
  return (
    <Panel title="Connections" aside={<span className="pb-muted">{connections.length} open</span>}>
      {connections.length === 0 ? (
        <p className="pb-muted">No connection is open.</p>
      ) : (
        <div className="admin-table-wrap">
          <table className="admin-table">
            <caption className="pb-visually-hidden">Open connections on every hub</caption>
            <thead>
              <tr>
                <th scope="col">User</th>
                <th scope="col">Hub</th>
                <th scope="col">Connection</th>
                <th scope="col">Rooms</th>
                <th scope="col">Address</th>
                <th scope="col">Connected</th>
                <th scope="col">Backlog</th>
                <th scope="col">Sent</th>
                <th scope="col">
                  <span className="pb-visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {connections.map((connection) => {
                const who = connection.user ?? "anonymous";
                const since = parseTime(connection.connected_since);
                return (
                  <tr key={`${connection.hub}/${connection.connection_id}`}>
                    <th scope="row">{who}</th>
                    <td>{shortId(connection.hub)}</td>
                    <td>
                      <code>{connection.connection_id}</code>
                    </td>
                    <td>{connection.rooms.join(", ")}</td>
                    <td>{connection.remote_address}</td>
                    <td>{since === undefined ? "—" : formatAge(since, now)}</td>
                    <td>{formatCount(connection.backlog_bytes)} B</td>
                    <td>{formatCount(connection.messages_sent)}</td>
                    <td>
                      <div className="admin-table__actions">
                        <button
                          type="button"
                          className="pb-button pb-button--quiet pb-button--small"
                          onClick={() => actions.disconnect(connection)}
                        >
                          Disconnect<span className="pb-visually-hidden"> {who}</span>
                        </button>
                        {connection.jti === null ? null : (
                          <button
                            type="button"
                            className="pb-button pb-button--quiet pb-button--small"
                            onClick={() => actions.revokeToken(connection)}
                          >
                            Revoke token<span className="pb-visually-hidden"> of {who}</span>
                          </button>
                        )}
                        {connection.user === null ? null : (
                          <button
                            type="button"
                            className="pb-button pb-button--small admin-button--danger"
                            onClick={() => actions.revoke(connection)}
                          >
                            Revoke user<span className="pb-visually-hidden"> {who}</span>
                          </button>
                        )}
                      </div>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </Panel>
  );
}
