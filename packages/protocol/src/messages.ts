import { z } from "zod";
import {
  type AppendedMessage,
  type AppendMessage,
  appendedMessageSchema,
  appendMessageSchema,
} from "./append.js";
import {
  type IndicatorMessage,
  indicatorMessageSchema,
  type JoinMessage,
  joinMessageSchema,
  type LeaveMessage,
  leaveMessageSchema,
  type PresenceMessage,
  type PublishMessage,
  presenceMemberSchema,
  presenceMessageSchema,
  publishMessageSchema,
} from "./collab.js";
import { EVENT_TYPES, type EventDataMap, type EventType, eventDataSchemas } from "./events.js";
import { type MessageId, messageIdSchema } from "./message-id.js";
import { roomListSchema, roomSchema } from "./rooms.js";
import { PROTOCOL_VERSION } from "./version.js";

/**
 * Envelope schemas: `{"type", "data"}` in both directions. Server events add `room`, `seq`
 * and `ts`; replies to a client message that carried `id` add `ref` with the same value.
 */

export { type MessageId, messageIdSchema };

const seqSchema = z.number().int().nonnegative();

/**
 * `history` (protocol 1.1; connect query parameter and `subscribe` field): start rooms opened
 * without `since` with their last N events, every type. Any non-negative integer is valid;
 * the hub clamps it to its own limit (HUB_HISTORY_LIMIT, 500 by default).
 */
export const historyCountSchema = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
const timestamp = z.iso.datetime({ offset: true });

// ---------------------------------------------------------------- client → server

export const pingMessageSchema = z.object({
  type: z.literal("ping"),
  // Legacy clients send `{"type":"ping"}` with no or arbitrary data; accept any.
  data: z.unknown().optional(),
  id: messageIdSchema.optional(),
});

export const subscribeMessageSchema = z.object({
  type: z.literal("subscribe"),
  id: messageIdSchema.optional(),
  data: z.object({
    rooms: roomListSchema,
    since: seqSchema.optional(),
    epoch: z.string().max(128).optional(),
    /** Protocol 1.1: rooms opened without `since` start with their last N events. */
    history: historyCountSchema.optional(),
  }),
});

export const unsubscribeMessageSchema = z.object({
  type: z.literal("unsubscribe"),
  id: messageIdSchema.optional(),
  data: z.object({ rooms: roomListSchema }),
});

export const refreshMessageSchema = z.object({
  type: z.literal("refresh"),
  id: messageIdSchema.optional(),
  data: z.object({ token: z.string().min(1).max(16_384) }),
});

export const clientMessageSchemas = {
  ping: pingMessageSchema,
  subscribe: subscribeMessageSchema,
  unsubscribe: unsubscribeMessageSchema,
  refresh: refreshMessageSchema,
  publish: publishMessageSchema,
  append: appendMessageSchema,
} as const;

export type ClientMessageType = keyof typeof clientMessageSchemas;
export type PingMessage = z.infer<typeof pingMessageSchema>;
export type SubscribeMessage = z.infer<typeof subscribeMessageSchema>;
export type UnsubscribeMessage = z.infer<typeof unsubscribeMessageSchema>;
export type RefreshMessage = z.infer<typeof refreshMessageSchema>;
export type ClientMessage =
  | PingMessage
  | SubscribeMessage
  | UnsubscribeMessage
  | RefreshMessage
  | PublishMessage
  | AppendMessage;

// ---------------------------------------------------------------- server → client: events

function eventEnvelopeSchema<T extends EventType>(type: T) {
  return z.object({
    type: z.literal(type),
    data: eventDataSchemas[type],
    room: roomSchema,
    seq: seqSchema,
    ts: timestamp,
  });
}

export const serverEventSchema = z.discriminatedUnion("type", [
  eventEnvelopeSchema("playback"),
  eventEnvelopeSchema("sync_completed"),
  eventEnvelopeSchema("stats_update"),
  eventEnvelopeSchema("detection_alert"),
  eventEnvelopeSchema("sync_progress"),
  eventEnvelopeSchema("dashboard_refresh"),
  eventEnvelopeSchema("alert_acknowledged"),
]);

/** An event as delivered to clients: the producer's `data` plus where and when it was sequenced. */
export type ServerEvent<T extends EventType = EventType> = {
  [K in T]: { type: K; data: EventDataMap[K]; room: string; seq: number; ts: string };
}[T];

// ---------------------------------------------------------------- server → client: control

const ref = messageIdSchema.optional();

export const pongMessageSchema = z.object({ type: z.literal("pong"), data: z.null(), ref });

export const welcomeMessageSchema = z.object({
  type: z.literal("welcome"),
  data: z.object({
    connection_id: z.string(),
    protocol: z.literal(PROTOCOL_VERSION),
    epoch: z.string(),
    seq: seqSchema,
    rooms: z.array(roomSchema),
    heartbeat_ms: z.number().int().positive(),
    /**
     * Only with `presence=1`: the member this connection counts as in presence (its token's
     * user), so a client can tell itself apart in the member lists.
     */
    user: presenceMemberSchema.optional(),
  }),
});

export const subscribedMessageSchema = z.object({
  type: z.literal("subscribed"),
  data: z.object({ rooms: z.array(roomSchema), seq: seqSchema }),
  ref,
});

export const unsubscribedMessageSchema = z.object({
  type: z.literal("unsubscribed"),
  data: z.object({ rooms: z.array(roomSchema) }),
  ref,
});

export const resetReasonSchema = z.enum(["retention", "ahead", "epoch", "replay_limit"]);

export const resetMessageSchema = z.object({
  type: z.literal("reset"),
  data: z.object({ rooms: z.array(roomSchema), reason: resetReasonSchema }),
});

export const refreshedMessageSchema = z.object({
  type: z.literal("refreshed"),
  data: z.object({ exp: z.number().nullable() }),
  ref,
});

export const errorMessageSchema = z.object({
  type: z.literal("error"),
  data: z.object({ code: z.string(), message: z.string(), ref }),
  ref,
});

export const serverControlSchemas = {
  pong: pongMessageSchema,
  welcome: welcomeMessageSchema,
  subscribed: subscribedMessageSchema,
  unsubscribed: unsubscribedMessageSchema,
  reset: resetMessageSchema,
  refreshed: refreshedMessageSchema,
  error: errorMessageSchema,
  presence: presenceMessageSchema,
  join: joinMessageSchema,
  leave: leaveMessageSchema,
  indicator: indicatorMessageSchema,
  appended: appendedMessageSchema,
} as const;

export type ServerControlType = keyof typeof serverControlSchemas;
export type PongMessage = z.infer<typeof pongMessageSchema>;
export type WelcomeMessage = z.infer<typeof welcomeMessageSchema>;
export type SubscribedMessage = z.infer<typeof subscribedMessageSchema>;
export type UnsubscribedMessage = z.infer<typeof unsubscribedMessageSchema>;
export type ResetReason = z.infer<typeof resetReasonSchema>;
export type ResetMessage = z.infer<typeof resetMessageSchema>;
export type RefreshedMessage = z.infer<typeof refreshedMessageSchema>;
export type ErrorMessage = z.infer<typeof errorMessageSchema>;
export type ServerControlMessage =
  | PongMessage
  | WelcomeMessage
  | SubscribedMessage
  | UnsubscribedMessage
  | ResetMessage
  | RefreshedMessage
  | ErrorMessage
  | PresenceMessage
  | JoinMessage
  | LeaveMessage
  | IndicatorMessage
  | AppendedMessage;

export type ServerMessage = ServerEvent | ServerControlMessage;

export { EVENT_TYPES };
