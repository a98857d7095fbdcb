/**
 * Limits that are part of the protocol contract (clients may rely on them).
 * Server-side tunables with defaults live in the hub's config, not here.
 */

/** Room names: letters, digits, `_`, `:` and `-`; they become NATS subject tokens. */
export const ROOM_NAME_PATTERN = /^[A-Za-z0-9_:-]{1,64}$/;

export const MAX_ROOM_NAME_LENGTH = 64;

/** Most rooms one `subscribe`/`unsubscribe` (or the `rooms` query parameter) may name. */
export const MAX_ROOMS_PER_REQUEST = 100;

/** Longest `message` string the hub puts in an `error`. */
export const MAX_ERROR_MESSAGE_LENGTH = 500;

/** Largest body `POST /api/v1/publish` accepts. */
export const MAX_PUBLISH_BODY_BYTES = 4 * 1024 * 1024;

/**
 * Deepest nesting of an event's `data` (an object holding a scalar is depth 1). Real payloads
 * nest a handful of levels (a Plex webhook inside `raw_payload` ~6); the cap keeps recursion
 * in every encoder and renderer far from the stack limit (~5,000 levels on Node 20).
 */
export const MAX_EVENT_DATA_DEPTH = 64;

/**
 * Largest `data` of one event, in bytes of its JSON text: NATS's default `max_payload`, so
 * anything a default NATS server carries, the hub carries too.
 */
export const MAX_EVENT_DATA_BYTES = 1024 * 1024;

/** Room every connection follows when it names none (unless the hub is configured otherwise). */
export const DEFAULT_ROOM = "global";

// ---------------------------------------------------------------- collaboration

/** Longest display name the hub puts in a presence member (longer `name` claims are cut). */
export const MAX_DISPLAY_NAME_LENGTH = 64;

/** Indicator kinds (`viewing`, `annotating`, `panel:focus`, …): short, subject-safe words. */
export const INDICATOR_KIND_PATTERN = /^[A-Za-z0-9_:.-]{1,32}$/;

/** Largest `payload` of a `publish`, in characters of its JSON encoding. */
export const MAX_INDICATOR_PAYLOAD_CHARS = 1024;

/** How long an indicator shows when `publish` names no `ttl_ms`, and the allowed range. */
export const DEFAULT_INDICATOR_TTL_MS = 10_000;
export const MIN_INDICATOR_TTL_MS = 1_000;
export const MAX_INDICATOR_TTL_MS = 60_000;

// ---------------------------------------------------------------- durable events from viewers

/** Longest `note` of an `alert_acknowledged`, in characters. */
export const MAX_ACK_NOTE_LENGTH = 500;

/** Longest string `alert_id` a viewer may `append` (Cartographus's ids are int64 numbers). */
export const MAX_ALERT_ID_LENGTH = 256;
