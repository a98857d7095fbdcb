import {
  isValidIdempotencyKey,
  MAX_EVENT_DATA_BYTES,
  validatePublishInput,
} from "@pulseboard/protocol";
import type { ProducedEvent } from "../broker/broker.js";
import { type JsonChild, jsonChildren, jsonMemberText } from "./raw-json.js";

export type PublishBodyError =
  | { error: "bad_json"; message: string }
  | { error: "invalid_event"; index: number; message: string }
  | { error: "bad_idempotency_key"; message: string };

export type PublishBody =
  | { ok: true; events: ProducedEvent[] }
  | { ok: false; error: PublishBodyError };

/**
 * Reads a publish body: one `{room, type, data, idempotency_key?}` or an array of them. Each
 * item is validated on its parsed copy and keeps its `data` text as the producer wrote it, so
 * clients receive the same keys in the same order (JSON.parse would move integer-like keys
 * first, and re-serializing would respell numbers).
 *
 * `Idempotency-Key` header: the key of a single item, or `<key>:<index>` for each item of an
 * array, for items that carry no `idempotency_key` of their own. A producer that retries the
 * same request with the same header is stored once.
 */
export function readPublishBody(
  text: string,
  headerKey: string | string[] | undefined,
): PublishBody {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, error: { error: "bad_json", message: "body is not valid JSON" } };
  }
  if (headerKey !== undefined && !isValidIdempotencyKey(headerKey)) {
    const message = "Idempotency-Key must be one header of 1-256 visible ASCII characters";
    return { ok: false, error: { error: "bad_idempotency_key", message } };
  }
  const batch = Array.isArray(value);
  const items: readonly unknown[] = batch ? (value as unknown[]) : [value];
  const spans: JsonChild[] | undefined = batch ? jsonChildren(text) : undefined;
  const events: ProducedEvent[] = [];
  for (const [index, item] of items.entries()) {
    const checked = validatePublishInput(item);
    if (!checked.ok) return invalid(index, checked.error.message);
    const itemStart = spans === undefined ? 0 : (spans[index]?.start ?? 0);
    const dataJson = jsonMemberText(text, "data", itemStart);
    if (dataJson === undefined) return invalid(index, "missing data");
    if (Buffer.byteLength(dataJson) > MAX_EVENT_DATA_BYTES) {
      return invalid(index, `data exceeds ${MAX_EVENT_DATA_BYTES} bytes`);
    }
    const input = checked.value;
    const key =
      input.idempotency_key ??
      (headerKey === undefined ? undefined : batch ? `${headerKey}:${index}` : headerKey);
    events.push({ ...input, ...(key === undefined ? {} : { idempotency_key: key }), dataJson });
  }
  return { ok: true, events };
}

function invalid(index: number, message: string): PublishBody {
  return { ok: false, error: { error: "invalid_event", index, message } };
}
