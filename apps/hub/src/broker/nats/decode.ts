import { validateEventData } from "@pulseboard/protocol";
import { jsonMemberText } from "../../ingest/raw-json.js";
import type { BrokerEvent } from "../broker.js";
import {
  type InvalidEventReason,
  parseSubject,
  type SubjectRoute,
  type SubjectRouting,
} from "./subjects.js";

/** What the decoder needs of a stored JetStream message (a JsMsg satisfies it). */
export interface StoredMessage {
  subject: string;
  data: Uint8Array;
  seq: number;
  time: Date;
}

export type DecodeResult =
  | { ok: true; event: BrokerEvent }
  | { ok: false; reason: InvalidEventReason; message: string };

// Producers are untrusted: invalid UTF-8 is refused rather than silently replaced.
const utf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * The validation edge between producers and clients: subject routing, JSON, optional envelope,
 * then the protocol schema of the event type. Only events that pass reach the hub. A parsed
 * copy is validated; what clients receive is the body's own text (`dataJson`), byte for byte.
 */
export function decodeStoredMessage(message: StoredMessage, routing: SubjectRouting): DecodeResult {
  const routed = parseSubject(message.subject, routing);
  return routed.ok ? decodeRoutedMessage(message, routed.route) : routed;
}

/** The body half of `decodeStoredMessage`, for callers that routed the subject already. */
export function decodeRoutedMessage(message: StoredMessage, route: SubjectRoute): DecodeResult {
  let text: string;
  let body: unknown;
  try {
    text = utf8.decode(message.data);
    body = JSON.parse(text);
  } catch {
    return { ok: false, reason: "bad_json", message: `body of ${message.subject} is not JSON` };
  }

  let data = body;
  let dataJson = text;
  if (route.envelopeAllowed && isEnvelope(body)) {
    if (body.type !== route.type) {
      return {
        ok: false,
        reason: "bad_envelope",
        message: `envelope type ${JSON.stringify(body.type)} on subject ${message.subject}`,
      };
    }
    // A room inside the envelope must agree with the subject, or the event would be misrouted.
    if (body.room !== undefined && body.room !== route.room) {
      return {
        ok: false,
        reason: "bad_envelope",
        message: `envelope room ${JSON.stringify(body.room)} on subject ${message.subject}`,
      };
    }
    data = body.data;
    dataJson = jsonMemberText(text, "data") ?? JSON.stringify(data);
  }

  const checked = validateEventData(route.type, data);
  if (!checked.ok) return { ok: false, reason: "bad_data", message: checked.error.message };
  const event = {
    type: route.type,
    data: checked.value,
    room: route.room,
    seq: message.seq,
    ts: message.time.toISOString(),
    dataJson,
  } as BrokerEvent;
  return { ok: true, event };
}

function isEnvelope(value: unknown): value is { type: unknown; data: unknown; room?: unknown } {
  return (
    typeof value === "object" &&
    value !== null &&
    !Array.isArray(value) &&
    Object.hasOwn(value, "type") &&
    Object.hasOwn(value, "data")
  );
}
