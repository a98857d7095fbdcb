import { CloseCode, type ConnectionView } from "@pulseboard/protocol";
import { z } from "zod";
import type { Client } from "../client.js";

/** Which connections an operation applies to: every one, or those matching each given field. */
export const connectionFilterSchema = z.object({
  room: z.string().max(64).optional(),
  user: z.string().max(256).optional(),
  connection: z.string().max(128).optional(),
});
export type ConnectionFilter = z.infer<typeof connectionFilterSchema>;

/** One connection as operators see it (the wire shape lives in @pulseboard/protocol). */
export type { ConnectionView };

export function matches(client: Client, filter: ConnectionFilter): boolean {
  if (filter.connection !== undefined && client.id !== filter.connection) return false;
  if (filter.user !== undefined && client.principal.subject !== filter.user) return false;
  if (filter.room !== undefined && !client.rooms.has(filter.room)) return false;
  return true;
}

export function describeConnection(client: Client): ConnectionView {
  return {
    connection_id: client.id,
    user: client.principal.subject ?? null,
    jti: client.principal.jti ?? null,
    rooms: [...client.rooms],
    remote_address: client.address,
    connected_since: new Date(client.connectedAt).toISOString(),
    backlog_bytes: client.writer.backlogBytes,
    messages_sent: client.writer.sent,
  };
}

export function listConnections(
  clients: Iterable<Client>,
  filter: ConnectionFilter,
): ConnectionView[] {
  const views: ConnectionView[] = [];
  for (const client of clients) if (matches(client, filter)) views.push(describeConnection(client));
  return views;
}

/** One room as this hub sees it: its subscribers here and its events per second. */
export interface RoomView {
  subscribers: number;
  events_per_second: number;
}

/** Room → subscribers on this hub and the room's event rate (`rate`, see room-rates.ts). */
export function describeRooms(
  clients: Iterable<Client>,
  rate: (room: string) => number,
): Record<string, RoomView> {
  const views: Record<string, RoomView> = {};
  for (const client of clients) {
    for (const room of client.rooms) {
      const view = views[room] ?? { subscribers: 0, events_per_second: rate(room) };
      view.subscribers++;
      views[room] = view;
    }
  }
  return views;
}

/**
 * Closes the matching connections with 4010 (DISCONNECTED). A filter naming no connection and
 * no user matches nothing: an operator never disconnects a whole hub by leaving a field out.
 */
export function disconnect(clients: Iterable<Client>, filter: ConnectionFilter): number {
  if (filter.connection === undefined && filter.user === undefined) return 0;
  let closed = 0;
  for (const client of [...clients]) {
    if (!matches(client, filter) || !client.isOpen) continue;
    client.close(CloseCode.DISCONNECTED, "disconnected by an operator");
    closed++;
  }
  return closed;
}
