import { z } from "zod";
import { MAX_ACK_NOTE_LENGTH, MAX_ALERT_ID_LENGTH } from "./limits.js";
import { messageIdSchema } from "./message-id.js";
import { roomSchema } from "./rooms.js";

/**
 * Durable events from viewers (protocol 1.1): a client `append`s an event to a room it follows;
 * the hub stamps who and when, stores it in the stream like any producer's event (sequenced,
 * replayable, in history) and answers `appended` with its `seq`. Only the types listed here may
 * be appended; every other event comes from producers.
 */

/** Event types a viewer may `append`. */
export const APPENDABLE_EVENT_TYPES = ["alert_acknowledged"] as const;
export type AppendableEventType = (typeof APPENDABLE_EVENT_TYPES)[number];

const alertIdSchema = z.union([z.string().min(1).max(MAX_ALERT_ID_LENGTH), z.number()], {
  error: `alert_id must be a number or a string of 1-${MAX_ALERT_ID_LENGTH} characters`,
});

/**
 * What a viewer sends to acknowledge an alert. Any other field (`by` and `at` above all: the
 * hub states those) is dropped by decoding, never stored.
 */
export const alertAcknowledgementInputSchema = z.object({
  alert_id: alertIdSchema,
  note: z
    .string({ error: "note must be a string" })
    .max(MAX_ACK_NOTE_LENGTH, `note is at most ${MAX_ACK_NOTE_LENGTH} characters`)
    .optional(),
});

// ---------------------------------------------------------------- client → server

export const appendMessageSchema = z.object({
  type: z.literal("append"),
  id: messageIdSchema.optional(),
  data: z.object({
    room: roomSchema,
    type: z.enum(APPENDABLE_EVENT_TYPES, {
      error: `only ${APPENDABLE_EVENT_TYPES.join(", ")} can be appended`,
    }),
    data: alertAcknowledgementInputSchema,
  }),
});

// ---------------------------------------------------------------- server → client

/** The event is stored: its `seq` is the one every follower of the room receives it with. */
export const appendedMessageSchema = z.object({
  type: z.literal("appended"),
  data: z.object({ room: roomSchema, seq: z.number().int().nonnegative() }),
  ref: messageIdSchema.optional(),
});

export type AlertAcknowledgementInput = z.infer<typeof alertAcknowledgementInputSchema>;
export type AppendMessage = z.infer<typeof appendMessageSchema>;
export type AppendedMessage = z.infer<typeof appendedMessageSchema>;
