import { z } from "zod";
import { ErrorCode } from "./error-codes.js";
import { describeIssues } from "./issues.js";
import { type ServerEvent, serverEventSchema } from "./messages.js";
import { fail, ok, type Result } from "./result.js";

/**
 * State on open (protocol 1.1, "History"): how many past events a subscription starts with,
 * and the two HTTP reads of a room's past, `GET /api/v1/rooms/{room}/events` and
 * `GET /api/v1/rooms/{room}/state`. Their answers are exported as schemas and decoders so the
 * client and the web app's server components read them with the same rules as socket frames.
 */

/** `limit` of `/events` when the request names none, and the most one page holds. */
export const DEFAULT_EVENTS_PAGE = 50;
export const MAX_EVENTS_PAGE = 500;

/** An event of an HTTP answer: exactly what the socket delivers (same envelope, same `data`). */
const historyEventSchema = serverEventSchema;

/** `200` of `/events`: up to `limit` events with `seq` < `before`, ascending; `more`: older remain. */
export const roomEventsResponseSchema = z.object({
  epoch: z.string(),
  events: z.array(historyEventSchema),
  more: z.boolean(),
});

/**
 * `200` of `/state`: the catch-up a socket opened with `history=N` gets (snapshot ∪ last N, in
 * `seq` order); `seq` is where to continue from (`since=seq&epoch=epoch`): no gap, no duplicate.
 */
export const roomStateResponseSchema = z.object({
  epoch: z.string(),
  seq: z.number().int().nonnegative(),
  events: z.array(historyEventSchema),
});

/** Every refusal of the HTTP API: `{"error": "<code>", "message": "..."}`. */
export const httpErrorSchema = z.object({ error: z.string(), message: z.string() });

export interface RoomEventsResponse {
  epoch: string;
  events: ServerEvent[];
  more: boolean;
}

export interface RoomStateResponse {
  epoch: string;
  seq: number;
  events: ServerEvent[];
}

export type HttpError = z.infer<typeof httpErrorSchema>;

/** Decodes a `/events` answer (JSON text or parsed value). Never throws. */
export function decodeRoomEventsResponse(input: unknown): Result<RoomEventsResponse> {
  return decodeWithEvents(roomEventsResponseSchema, input);
}

/** Decodes a `/state` answer (JSON text or parsed value). Never throws. */
export function decodeRoomStateResponse(input: unknown): Result<RoomStateResponse> {
  return decodeWithEvents(roomStateResponseSchema, input);
}

function decodeWithEvents<T extends { events: ServerEvent[] }>(
  schema: z.ZodType,
  input: unknown,
): Result<T> {
  let value = input;
  if (typeof input === "string") {
    try {
      value = JSON.parse(input);
    } catch {
      return fail({ code: ErrorCode.BAD_JSON, message: "the answer is not valid JSON" });
    }
  }
  const checked = schema.safeParse(value);
  if (!checked.success) {
    return fail({ code: ErrorCode.BAD_MESSAGE, message: describeIssues(checked.error) });
  }
  // Each event's `data` is the producer's value as sent (key order, every key), as on the
  // socket (codec.ts), not the schema library's copy of it.
  const raw = (value as { events: { data: unknown }[] }).events;
  const decoded = checked.data as T;
  const events = decoded.events.map((event, index) => ({ ...event, data: raw[index]?.data }));
  return ok({ ...decoded, events: events as ServerEvent[] });
}

/** Path of a room's HTTP reads: `roomPath("dashboard:42", "events")`. */
export function roomPath(room: string, read: "events" | "state"): string {
  return `/api/v1/rooms/${encodeURIComponent(room)}/${read}`;
}
