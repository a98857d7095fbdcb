import { indicatorMessageSchema, presenceMemberSchema, roomSchema } from "@pulseboard/protocol";
import { z } from "zod";
import type { HubPresence } from "./registry.js";

/**
 * What hubs tell each other on the broker's ephemeral channel (never seen by clients):
 *
 *   presence.<hub>   {op:"join", room, conn, member} | {op:"leave", room, conn}
 *                    {op:"state", rooms: {room: [[conn, member], ...]}}   (every heartbeat)
 *                    {op:"sync"}   a hub just started: everyone, report your state now
 *                    {op:"bye"}    a hub is shutting down: forget its connections
 *   room.<room>      the `data` of an `indicator`, as clients will receive it
 *
 * Anything with NATS access could publish here, so every message is validated on receipt.
 */

export const PRESENCE_CHANNEL = "presence";
export const ROOM_CHANNEL = "room";

const connectionId = z.string().min(1).max(128);

export const presenceReportSchema = z.discriminatedUnion("op", [
  z.object({
    op: z.literal("join"),
    room: roomSchema,
    conn: connectionId,
    member: presenceMemberSchema,
  }),
  z.object({ op: z.literal("leave"), room: roomSchema, conn: connectionId }),
  z.object({
    op: z.literal("state"),
    rooms: z.record(roomSchema, z.array(z.tuple([connectionId, presenceMemberSchema]))),
  }),
  z.object({ op: z.literal("sync") }),
  z.object({ op: z.literal("bye") }),
]);

export type PresenceReport = z.infer<typeof presenceReportSchema>;

export const indicatorDataSchema = indicatorMessageSchema.shape.data;
export type IndicatorData = z.infer<typeof indicatorDataSchema>;

/** Hub ids are channel tokens. */
export const HUB_ID_PATTERN = /^[A-Za-z0-9_:-]{1,128}$/;

export function presenceChannel(hub: string): string {
  return `${PRESENCE_CHANNEL}.${hub}`;
}

export function roomChannel(room: string): string {
  return `${ROOM_CHANNEL}.${room}`;
}

/** A hub's state as sent in a `state` report. */
export function encodeState(state: HubPresence): Record<string, [string, PresenceMember][]> {
  const rooms: Record<string, [string, PresenceMember][]> = {};
  for (const [room, connections] of state) rooms[room] = [...connections];
  return rooms;
}

export function decodeState(rooms: Record<string, [string, PresenceMember][]>): HubPresence {
  const state: HubPresence = new Map();
  for (const [room, entries] of Object.entries(rooms)) state.set(room, new Map(entries));
  return state;
}

type PresenceMember = z.infer<typeof presenceMemberSchema>;
