import { z } from "zod";
import { MAX_ROOMS_PER_REQUEST, ROOM_NAME_PATTERN } from "./limits.js";

export const roomSchema = z
  .string()
  .regex(ROOM_NAME_PATTERN, "room names match ^[A-Za-z0-9_:-]{1,64}$");

export const roomListSchema = z
  .array(roomSchema)
  .min(1, "name at least one room")
  .max(MAX_ROOMS_PER_REQUEST, `name at most ${MAX_ROOMS_PER_REQUEST} rooms`);

export function isValidRoom(value: unknown): value is string {
  return typeof value === "string" && ROOM_NAME_PATTERN.test(value);
}

/**
 * Whether a permission pattern grants a room: an exact name, or a prefix ending in `*`
 * (`dashboard:*` grants `dashboard:42`; `*` grants every room).
 */
export function roomPatternMatches(pattern: string, room: string): boolean {
  if (pattern.endsWith("*")) return room.startsWith(pattern.slice(0, -1));
  return pattern === room;
}
