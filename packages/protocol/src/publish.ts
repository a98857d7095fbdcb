import { ErrorCode } from "./error-codes.js";
import { type EventDataMap, type EventType, eventDataSchemas, isEventType } from "./events.js";
import { describeIssues, describeValue, truncate } from "./issues.js";
import { exceedsDepth } from "./json-depth.js";
import { MAX_ERROR_MESSAGE_LENGTH, MAX_EVENT_DATA_DEPTH } from "./limits.js";
import { fail, ok, type Result } from "./result.js";
import { isValidRoom } from "./rooms.js";

/**
 * What a producer hands the hub (HTTP body item, or a whole-envelope NATS message).
 * `idempotency_key`: a retry carrying the same key within the duplicate window (2 minutes) is
 * stored once; on NATS it is the `Nats-Msg-Id` header.
 */
export type PublishInput<T extends EventType = EventType> = {
  [K in T]: { room: string; type: K; data: EventDataMap[K]; idempotency_key?: string };
}[T];

/** Idempotency keys: 1–256 visible ASCII characters (they travel as a NATS header value). */
export const IDEMPOTENCY_KEY_PATTERN = /^[\x21-\x7e]{1,256}$/;

export function isValidIdempotencyKey(value: unknown): value is string {
  return typeof value === "string" && IDEMPOTENCY_KEY_PATTERN.test(value);
}

/**
 * Validates one event's `data` against its type's schema. On success the value returned is
 * `data` itself, not the schema library's copy: producers' keys keep their order, and nothing
 * is added, moved or dropped on the way to clients.
 */
export function validateEventData<T extends EventType>(
  type: T,
  data: unknown,
): Result<EventDataMap[T]> {
  // Checked first, without recursion: a value nested thousands deep would overflow the stack
  // of every later step that walks it (validation, JSON.stringify, a client's renderer).
  if (exceedsDepth(data, MAX_EVENT_DATA_DEPTH)) {
    return fail({
      code: ErrorCode.BAD_MESSAGE,
      message: `invalid ${type}: data is nested deeper than ${MAX_EVENT_DATA_DEPTH} levels`,
    });
  }
  const parsed = eventDataSchemas[type].safeParse(data);
  if (parsed.success) return ok(data as EventDataMap[T]);
  return fail({
    code: ErrorCode.BAD_MESSAGE,
    message: truncate(`invalid ${type}: ${describeIssues(parsed.error)}`, MAX_ERROR_MESSAGE_LENGTH),
  });
}

/** Validates an untrusted `{room, type, data}` value, as producers send it. */
export function validatePublishInput(value: unknown): Result<PublishInput> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return fail({ code: ErrorCode.BAD_MESSAGE, message: "expected an object {room, type, data}" });
  }
  const { room, type, data, idempotency_key } = value as Record<string, unknown>;
  if (!isEventType(type)) {
    return fail({
      code: ErrorCode.UNKNOWN_TYPE,
      message: `unknown event type ${describeValue(type)}`,
    });
  }
  if (!isValidRoom(room)) {
    return fail({
      code: ErrorCode.BAD_ROOM,
      message: `invalid room ${describeValue(room)}: names match ^[A-Za-z0-9_:-]{1,64}$`,
    });
  }
  if (idempotency_key !== undefined && !isValidIdempotencyKey(idempotency_key)) {
    return fail({
      code: ErrorCode.BAD_MESSAGE,
      message: `invalid idempotency_key ${describeValue(idempotency_key)}: 1-256 visible ASCII characters`,
    });
  }
  const checked = validateEventData(type, data);
  if (!checked.ok) return checked;
  const input = { room, type, data: checked.value } as PublishInput;
  if (idempotency_key !== undefined) input.idempotency_key = idempotency_key;
  return ok(input);
}
