import { z } from "zod";
import { MAX_ACK_NOTE_LENGTH } from "./limits.js";

/**
 * Data schemas of the events producers publish and the hub broadcasts.
 * Objects are loose: producers' extra fields pass through untouched; only the fields the
 * dashboards rely on are required.
 */

const timestamp = z.iso.datetime({ offset: true, local: false });
const idLike = z.union([z.string().min(1), z.number()]);
const count = z.number().int().nonnegative();
// Go writes a nil pointer without `omitempty` as null: optional display fields may be null too.
const text = z.string().nullish();

/**
 * Tolerant reader: a schema checks what routing and rendering need (a JSON object, usable ids
 * and keys, the type of each field the dashboards show when it is there) and nothing else.
 * Real producers (Cartographus and its Go structs: `omitempty` fields absent, counts computed
 * from ticks, free-text severities) send every shape accepted here; see the protocol README.
 */

export const playbackSchema = z
  .looseObject({
    id: z.string().min(1).optional(),
    event_id: z.string().min(1).optional(),
    username: text,
    title: text,
    media_type: text,
    session_key: text,
    source: text,
    user_id: idLike.nullish(),
    platform: text,
    player: text,
    ip_address: text,
    started_at: timestamp.nullish(),
    stopped_at: timestamp.nullish(),
    timestamp: timestamp.nullish(),
    // Computed from ticks and never clamped upstream: 104 happens. Dashboards clamp.
    percent_complete: z.number().nullish(),
  })
  .refine((event) => event.id !== undefined || event.event_id !== undefined, {
    message: "a playback needs `id` or `event_id`",
    path: ["id"],
  });

export const syncCompletedSchema = z.looseObject({
  timestamp: timestamp.optional(),
  new_playbacks: count.optional(),
  sync_duration_ms: z.number().nonnegative().optional(),
});

export const statsUpdateSchema = z.looseObject({
  timestamp: timestamp.optional(),
  total_count: count.optional(),
  // Cartographus never sends it; Pulseboard's own producers do.
  unique_users: count.optional(),
  // Cartographus: the newest playback's time as an RFC 3339 string; others: a playback object.
  last_playback: z.union([z.string(), z.looseObject({})]).nullish(),
});

/** Severities the dashboards style; any other string (or "") is shown as written, neutral. */
export const KNOWN_ALERT_SEVERITIES = ["info", "warning", "critical"] as const;
export type AlertSeverity = (typeof KNOWN_ALERT_SEVERITIES)[number];

export function isKnownSeverity(value: unknown): value is AlertSeverity {
  return (KNOWN_ALERT_SEVERITIES as readonly unknown[]).includes(value);
}

export const detectionAlertSchema = z.looseObject({
  // Required: acknowledging an alert names it.
  id: idLike,
  rule_type: text,
  user_id: idLike.nullish(),
  username: text,
  // Free text: rules configured without a severity send "".
  severity: text,
  title: text,
  message: text,
  created_at: timestamp.nullish(),
  acknowledged: z.boolean().nullish(),
  metadata: z.record(z.string(), z.unknown()).nullish(),
});

/**
 * Sync statuses the dashboards know. `cancelled` is what Cartographus sends, `canceled` what
 * Pulseboard's own demo sends; `idle` is a sync that is not running. Any other string is shown
 * as written. Only `running` keeps a sync in a room's snapshot.
 */
export const KNOWN_SYNC_STATUSES = [
  "running",
  "completed",
  "error",
  "cancelled",
  "canceled",
  "idle",
] as const;
export type SyncStatus = (typeof KNOWN_SYNC_STATUSES)[number];

export function isKnownSyncStatus(value: unknown): value is SyncStatus {
  return (KNOWN_SYNC_STATUSES as readonly unknown[]).includes(value);
}

const progressNumber = z.number().nullish();

/**
 * `progress` as an object: Pulseboard's `{done, total}` counts, or an import's progress as
 * Cartographus reports it (`total_records`, `processed_records`, `progress_percent` 0–100,
 * rates, ETA, ... all passed through).
 */
export const syncProgressObjectSchema = z.looseObject({
  done: progressNumber,
  total: progressNumber,
  total_records: progressNumber,
  processed_records: progressNumber,
  progress_percent: progressNumber,
});

export const syncProgressSchema = z.looseObject({
  // Required (it keys the sync), may be "": all syncs without an id are one sync.
  correlation_id: z.string(),
  operation: text,
  status: z.string(),
  // A fraction 0..1, an object (see above), or null/absent when nothing is known yet.
  progress: z.union([z.number(), syncProgressObjectSchema]).nullish(),
  message: text,
  error: text,
  server_id: text,
});

/**
 * Tells every open copy of a dashboard (every client following the room) to reload its data.
 * Sequenced and replayable like any event; never part of a snapshot (a fresh client loads
 * fresh data anyway).
 */
export const dashboardRefreshSchema = z.looseObject({
  requested_at: timestamp,
  reason: z.string().max(500).optional(),
  requested_by: z.string().max(256).optional(),
});

/**
 * Someone acknowledged an alert (protocol 1.1). Viewers send it with `append` and the hub
 * stamps `by` and `at`; a producer (an upstream system acknowledging in its own UI) publishes
 * it like any event and states `by` and `at` itself. Kept in the room's snapshot per
 * `alert_id` (the newest acknowledgement of each alert), so state on open shows it.
 * `alert_id` names the `detection_alert.id` it acknowledges; `5521` and `"5521"` are one alert.
 */
export const alertAcknowledgedSchema = z.looseObject({
  alert_id: idLike,
  note: z.string().max(MAX_ACK_NOTE_LENGTH).nullish(),
  /** Who: the token's `sub` and display name (hub), or the producer's user. */
  by: z.looseObject({ id: idLike, name: z.string() }),
  /** When, RFC 3339: the hub's clock for an `append`. */
  at: timestamp,
});

/** The key of an acknowledged alert within its room: ids compare by their text. */
export function alertKey(alertId: string | number): string {
  return String(alertId);
}

/** Schema of `data` for every event type. The keys are the event type names. */
export const eventDataSchemas = {
  playback: playbackSchema,
  sync_completed: syncCompletedSchema,
  stats_update: statsUpdateSchema,
  detection_alert: detectionAlertSchema,
  sync_progress: syncProgressSchema,
  dashboard_refresh: dashboardRefreshSchema,
  alert_acknowledged: alertAcknowledgedSchema,
} as const;

export type EventType = keyof typeof eventDataSchemas;
export const EVENT_TYPES = Object.keys(eventDataSchemas) as EventType[];

export type PlaybackData = z.infer<typeof playbackSchema>;
export type SyncCompletedData = z.infer<typeof syncCompletedSchema>;
export type StatsUpdateData = z.infer<typeof statsUpdateSchema>;
export type DetectionAlertData = z.infer<typeof detectionAlertSchema>;
export type SyncProgressData = z.infer<typeof syncProgressSchema>;
export type SyncProgressObject = z.infer<typeof syncProgressObjectSchema>;
export type DashboardRefreshData = z.infer<typeof dashboardRefreshSchema>;
export type AlertAcknowledgedData = z.infer<typeof alertAcknowledgedSchema>;

export type EventDataMap = { [K in EventType]: z.infer<(typeof eventDataSchemas)[K]> };

export function isEventType(value: unknown): value is EventType {
  return typeof value === "string" && Object.hasOwn(eventDataSchemas, value);
}

/**
 * Event types whose newest value supersedes older ones. A queue may drop an older
 * queued value for the same key, and a snapshot carries the newest.
 * Returns the coalescing key within a room, or undefined for events that must all arrive.
 */
export function latestValueKey(type: EventType, data: unknown): string | undefined {
  if (type === "stats_update") return "stats_update";
  if (type === "sync_progress") {
    const id = (data as { correlation_id?: unknown } | null)?.correlation_id;
    return typeof id === "string" ? `sync_progress:${id}` : undefined;
  }
  return undefined;
}
