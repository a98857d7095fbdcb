import { z } from "zod";
import {
  INDICATOR_KIND_PATTERN,
  MAX_DISPLAY_NAME_LENGTH,
  MAX_INDICATOR_PAYLOAD_CHARS,
  MAX_INDICATOR_TTL_MS,
  MIN_INDICATOR_TTL_MS,
} from "./limits.js";
import { messageIdSchema } from "./message-id.js";
import { roomSchema } from "./rooms.js";

/**
 * Collaboration messages: presence (who has a room open) and indicators (short-lived signals
 * such as "viewing panel X"). All are ephemeral: no `seq`, never stored, never replayed. The
 * hub sends them only to connections that opted in with `presence=1`.
 */

const timestamp = z.iso.datetime({ offset: true });

/** Someone in a room: one entry per user (token `sub`), however many connections they have. */
export const presenceMemberSchema = z.object({
  /** The token's `sub`; in open mode `anon:<connection_id>`. */
  id: z.string().min(1).max(256),
  /** Display name: the token's `name` claim, else its `sub`. */
  name: z.string().max(MAX_DISPLAY_NAME_LENGTH),
});

/** Any JSON value whose encoding is at most MAX_INDICATOR_PAYLOAD_CHARS characters. */
export const indicatorPayloadSchema = z.unknown().refine(
  (value) => {
    if (value === undefined) return true;
    try {
      const text = JSON.stringify(value);
      return text !== undefined && text.length <= MAX_INDICATOR_PAYLOAD_CHARS;
    } catch {
      return false;
    }
  },
  { message: `payload must be JSON of at most ${MAX_INDICATOR_PAYLOAD_CHARS} characters` },
);

const kindSchema = z.string().regex(INDICATOR_KIND_PATTERN, "kind matches ^[A-Za-z0-9_:.-]{1,32}$");

const ttlSchema = z.number().int().min(MIN_INDICATOR_TTL_MS).max(MAX_INDICATOR_TTL_MS);

// ---------------------------------------------------------------- client → server

export const publishMessageSchema = z.object({
  type: z.literal("publish"),
  id: messageIdSchema.optional(),
  data: z.object({
    room: roomSchema,
    kind: kindSchema,
    payload: indicatorPayloadSchema.optional(),
    ttl_ms: ttlSchema.optional(),
  }),
});

// ---------------------------------------------------------------- server → client

/** The members of a room, right after `subscribed` (and again after every reconnect). */
export const presenceMessageSchema = z.object({
  type: z.literal("presence"),
  data: z.object({ room: roomSchema, members: z.array(presenceMemberSchema) }),
});

/** A user opened the room (their first connection to it, on any hub). */
export const joinMessageSchema = z.object({
  type: z.literal("join"),
  data: z.object({ room: roomSchema, member: presenceMemberSchema }),
});

/** A user's last connection to the room is gone (closed, unsubscribed, or its hub died). */
export const leaveMessageSchema = z.object({
  type: z.literal("leave"),
  data: z.object({ room: roomSchema, member: presenceMemberSchema }),
});

/** A `publish` relayed to every opted-in connection of the room, the sender's included. */
export const indicatorMessageSchema = z.object({
  type: z.literal("indicator"),
  data: z.object({
    room: roomSchema,
    kind: kindSchema,
    payload: indicatorPayloadSchema.optional(),
    /** How long to show it; a newer indicator of the same kind from the same connection replaces it. */
    ttl_ms: ttlSchema,
    from: presenceMemberSchema.extend({ connection_id: z.string().min(1).max(128) }),
    /** When the hub accepted it. */
    ts: timestamp,
  }),
});

export type PresenceMember = z.infer<typeof presenceMemberSchema>;
export type PublishMessage = z.infer<typeof publishMessageSchema>;
export type PresenceMessage = z.infer<typeof presenceMessageSchema>;
export type JoinMessage = z.infer<typeof joinMessageSchema>;
export type LeaveMessage = z.infer<typeof leaveMessageSchema>;
export type IndicatorMessage = z.infer<typeof indicatorMessageSchema>;
/** The server messages a presence-enabled connection receives besides the usual ones. */
export type CollabMessage = PresenceMessage | JoinMessage | LeaveMessage | IndicatorMessage;

export const COLLAB_MESSAGE_TYPES = ["presence", "join", "leave", "indicator"] as const;

export function isCollabMessage(message: { type: string }): message is CollabMessage {
  return (COLLAB_MESSAGE_TYPES as readonly string[]).includes(message.type);
}
