import type { z } from "zod";
import { ErrorCode } from "./error-codes.js";
import { isEventType } from "./events.js";
import { describeIssues, describeValue } from "./issues.js";
import {
  type ClientMessage,
  clientMessageSchemas,
  type MessageId,
  messageIdSchema,
  type ServerMessage,
  serverControlSchemas,
  serverEventSchema,
} from "./messages.js";
import { fail, ok, type Result } from "./result.js";

/**
 * Encoding is plain JSON: one message per text frame. The hub encodes each event once and
 * writes the same string to every subscriber, so this must stay a pure function of the value.
 */
export function encode(message: ServerMessage | ClientMessage): string {
  return JSON.stringify(message);
}

/** Decodes a frame a client sent. Never throws: bad input yields an `error` to send back. */
export function decodeClientMessage(text: string): Result<ClientMessage> {
  const parsed = parseObject(text);
  if (!parsed.ok) return parsed;
  const raw = parsed.value;
  const ref = readRef(raw);
  const type = raw.type;
  if (typeof type !== "string") {
    return fail({ code: ErrorCode.BAD_MESSAGE, message: "missing string field `type`", ref });
  }
  if (!Object.hasOwn(clientMessageSchemas, type)) {
    return fail({
      code: ErrorCode.UNKNOWN_TYPE,
      message: `unknown message type ${describeValue(type)}`,
      ref,
    });
  }
  const schema = clientMessageSchemas[type as keyof typeof clientMessageSchemas];
  const checked = schema.safeParse(raw);
  if (checked.success) return ok(checked.data as ClientMessage);
  return fail({ code: classifyIssues(checked.error), message: describeIssues(checked.error), ref });
}

/**
 * Decodes a frame the server sent. A frame is exactly one message: the hub writes one per
 * frame and coalesces a client's pending frames into one TCP write per tick, so a JSON array
 * of messages would save nothing and is refused. Used by clients and tests. Never throws.
 */
export function decodeServerMessage(text: string): Result<ServerMessage> {
  const parsed = parseObject(text);
  return parsed.ok ? decodeServerValue(parsed.value) : parsed;
}

function decodeServerValue(value: unknown): Result<ServerMessage> {
  if (!isPlainObject(value) || typeof value.type !== "string") {
    return fail({ code: ErrorCode.BAD_MESSAGE, message: "expected an object with a `type`" });
  }
  const type = value.type;
  let schema: z.ZodType;
  if (isEventType(type)) schema = serverEventSchema;
  else if (Object.hasOwn(serverControlSchemas, type))
    schema = serverControlSchemas[type as keyof typeof serverControlSchemas];
  else {
    return fail({
      code: ErrorCode.UNKNOWN_TYPE,
      message: `unknown message type ${describeValue(type)}`,
    });
  }
  const checked = schema.safeParse(value);
  if (!checked.success) {
    return fail({ code: ErrorCode.BAD_MESSAGE, message: describeIssues(checked.error) });
  }
  // An event's `data` is the producer's value as sent (key order, every key), not the schema
  // library's copy of it.
  if (isEventType(type))
    return ok({ ...(checked.data as ServerMessage), data: value.data } as ServerMessage);
  return ok(checked.data as ServerMessage);
}

function parseObject(text: string): Result<Record<string, unknown>> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return fail({ code: ErrorCode.BAD_JSON, message: "frame is not valid JSON" });
  }
  if (!isPlainObject(value)) {
    return fail({ code: ErrorCode.BAD_MESSAGE, message: 'expected an object {"type", "data"}' });
  }
  return ok(value);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function readRef(raw: Record<string, unknown>): MessageId | undefined {
  const id = messageIdSchema.safeParse(raw.id);
  return id.success ? id.data : undefined;
}

/** Room problems get their own codes so a client can tell them from other schema errors. */
function classifyIssues(error: z.ZodError) {
  for (const issue of error.issues) {
    if (issue.path[0] !== "data") continue;
    // `publish` names one room; a missing one is a plain schema violation.
    if (issue.path[1] === "room" && issue.path.length === 2 && issue.code === "invalid_format") {
      return ErrorCode.BAD_ROOM;
    }
    if (issue.path[1] !== "rooms") continue;
    if (issue.path.length === 2 && issue.code === "too_big") return ErrorCode.TOO_MANY_ROOMS;
    if (issue.path.length === 3) return ErrorCode.BAD_ROOM;
  }
  return ErrorCode.BAD_MESSAGE;
}
