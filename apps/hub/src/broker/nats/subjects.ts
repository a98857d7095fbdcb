import { createHash } from "node:crypto";
import {
  alertKey,
  type EventType,
  isEventType,
  isValidRoom,
  type PublishInput,
} from "@pulseboard/protocol";

/**
 * Subject ↔ (room, type) mapping of the `PULSE` stream. The subject carries the routing, the
 * body carries the event:
 *
 *   pulse.<room>.<type>          body = the event's `data` (or a whole `{type, data}` envelope)
 *   pulse.<room>.<type>.<key>    same; <key> is a lookup index only, never read back as data.
 *                                The hub publishes `sync_progress` as
 *                                `pulse.<room>.sync_progress.<correlation_id>` so the stream's
 *                                last-message-per-subject keeps the newest update of EVERY sync,
 *                                which is what a snapshot needs; `alert_acknowledged` as
 *                                `pulse.<room>.alert_acknowledged.<alert_id>` for the same
 *                                reason. Producers should do the same.
 *   playback.<anything...>       compatibility feed: body = a raw playback event (e.g. a
 *                                Cartographus MediaEvent on playback.<source>.<media_type>),
 *                                in the default room. The filter is a setting
 *                                (HUB_NATS_PLAYBACK_SUBJECT); the stream either captures it or
 *                                sources it from a backend's stream (layout.ts).
 *
 * Rooms match ^[A-Za-z0-9_:-]{1,64}$, so a room is always exactly one subject token.
 */

/** Subjects Pulseboard's stream always captures itself. */
export const PULSE_SUBJECTS = ["pulse.>"] as const;

/** The compatibility feed's default filter: where Cartographus publishes its MediaEvents. */
export const DEFAULT_PLAYBACK_SUBJECT = "playback.>";

/** How stored subjects become rooms: the default room and the raw playback filter. */
export interface SubjectRouting {
  defaultRoom: string;
  playbackSubject: string;
}

/** NATS subject matching: `*` is one token, a final `>` one or more. */
export function subjectMatches(filter: string, subject: string): boolean {
  const wanted = filter.split(".");
  const tokens = subject.split(".");
  for (const [index, token] of wanted.entries()) {
    if (token === ">") return tokens.length > index;
    if (index >= tokens.length) return false;
    if (token !== "*" && token !== tokens[index]) return false;
  }
  return tokens.length === wanted.length;
}

/** A valid subject filter: dot-separated non-empty tokens without spaces, `>` only last. */
export function isSubjectFilter(value: string): boolean {
  const tokens = value.split(".");
  return tokens.every(
    (token, index) =>
      /^[^\s*>]+$|^\*$/.test(token) || (token === ">" && index === tokens.length - 1),
  );
}

/**
 * Ephemeral messages (presence, indicators) travel on core NATS under this prefix, never
 * through JetStream: `pulse_ephemeral` is a different first token from `pulse`, so the
 * stream's `pulse.>` does not capture them.
 */
export const EPHEMERAL_PREFIX = "pulse_ephemeral";

export function ephemeralSubject(channel: string): string {
  return `${EPHEMERAL_PREFIX}.${channel}`;
}

/** Where an event stored under a subject belongs. */
export interface SubjectRoute {
  room: string;
  type: EventType;
  /** Whether the body may be a whole `{type, data}` envelope (not on the legacy feed). */
  envelopeAllowed: boolean;
}

export type InvalidEventReason =
  | "bad_subject"
  | "bad_room"
  | "unknown_type"
  | "bad_json"
  | "bad_envelope"
  | "bad_data";

export type RouteResult =
  | { ok: true; route: SubjectRoute }
  | { ok: false; reason: InvalidEventReason; message: string };

/** Filter matching every `pulse.*` subject of one room (the playback feed not included). */
export function roomFilter(room: string): string {
  return `pulse.${room}.>`;
}

/**
 * The subject the hub publishes an event on. Latest-value types carry their key as a fourth
 * token, so the stream's newest message per subject is the newest of each sync and of each
 * acknowledged alert (how a starting hub rebuilds its snapshots, snapshot.ts).
 */
export function subjectFor(input: PublishInput): string {
  const base = `pulse.${input.room}.${input.type}`;
  if (input.type === "sync_progress") return `${base}.${subjectKey(input.data.correlation_id)}`;
  if (input.type === "alert_acknowledged") {
    return `${base}.${subjectKey(alertKey(input.data.alert_id))}`;
  }
  return base;
}

// Ids that are already safe subject tokens stay readable in `nats sub` output; anything else
// (dots, spaces, wildcards, very long) becomes a stable hash. `~` never appears in a raw key.
const SAFE_KEY = /^[A-Za-z0-9_:-]{1,128}$/;

export function subjectKey(id: string): string {
  if (SAFE_KEY.test(id)) return id;
  return `~${createHash("sha256").update(id).digest("base64url").slice(0, 32)}`;
}

export function parseSubject(subject: string, routing: SubjectRouting): RouteResult {
  const tokens = subject.split(".");
  const [head, room, type] = tokens;
  if (head !== "pulse" && subjectMatches(routing.playbackSubject, subject)) {
    const route: SubjectRoute = {
      room: routing.defaultRoom,
      type: "playback",
      envelopeAllowed: false,
    };
    return { ok: true, route };
  }
  if (head !== "pulse" || tokens.length < 3 || tokens.length > 4) {
    return { ok: false, reason: "bad_subject", message: `unexpected subject ${subject}` };
  }
  if (!isValidRoom(room)) {
    return { ok: false, reason: "bad_room", message: `invalid room token in ${subject}` };
  }
  if (!isEventType(type)) {
    return { ok: false, reason: "unknown_type", message: `unknown event type in ${subject}` };
  }
  return { ok: true, route: { room, type, envelopeAllowed: true } };
}
