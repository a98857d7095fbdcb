import { z } from "zod";

/**
 * Data schemas of the events producers publish and the hub broadcasts.
 * Objects are loose: producers' extra fields pass through untouched; only the fields the
 * dashboards rely on are required.
 */

const timestamp = z.iso.datetime({ offset: true, local: false });
const idLike = z.union([z.string().min(1), z.number()]);
const count = z.number().int().nonnegative();

export const playbackSchema = z
  .looseObject({
    id: z.string().min(1).optional(),
    event_id: z.string().min(1).optional(),
    username: z.string(),
    title: z.string(),
    media_type: z.string(),
    session_key: z.string().optional(),
    source: z.string().optional(),
    user_id: idLike.optional(),
    platform: z.string().optional(),
    player: z.string().optional(),
    ip_address: z.string().optional(),
    started_at: timestamp.optional(),
    timestamp: timestamp.optional(),
    percent_complete: z.number().min(0).max(100).optional(),
  })
  .refine((event) => event.id !== undefined || event.event_id !== undefined, {
    message: "a playback needs `id` or `event_id`",
    path: ["id"],
  });

export const syncCompletedSchema = z.looseObject({
  timestamp,
  new_playbacks: count,
  sync_duration_ms: z.number().nonnegative(),
});

export const statsUpdateSchema = z.looseObject({
  timestamp,
  total_count: count,
  unique_users: count,
  last_playback: z.looseObject({}).optional(),
});

export const alertSeveritySchema = z.enum(["info", "warning", "critical"]);

export const detectionAlertSchema = z.looseObject({
  id: idLike,
  rule_type: z.string().min(1),
  user_id: idLike,
  username: z.string().optional(),
  severity: alertSeveritySchema,
  title: z.string(),
  message: z.string(),
  created_at: timestamp,
  acknowledged: z.boolean().optional(),
  metadata: z.record(z.string(), z.unknown()).optional(),
});

export const syncStatusSchema = z.enum(["running", "completed", "error", "canceled"]);

export const syncProgressSchema = z.looseObject({
  correlation_id: z.string().min(1),
  operation: z.string().min(1),
  status: syncStatusSchema,
  progress: z.union([
    z.number().min(0).max(1),
    z
      .object({ done: count, total: count })
      .refine((p) => p.done <= p.total, { message: "`done` exceeds `total`" }),
  ]),
  message: z.string().optional(),
  error: z.string().optional(),
  server_id: z.string().optional(),
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

/** Schema of `data` for every event type. The keys are the event type names. */
export const eventDataSchemas = {
  playback: playbackSchema,
  sync_completed: syncCompletedSchema,
  stats_update: statsUpdateSchema,
  detection_alert: detectionAlertSchema,
  sync_progress: syncProgressSchema,
  dashboard_refresh: dashboardRefreshSchema,
} as const;

export type EventType = keyof typeof eventDataSchemas;
export const EVENT_TYPES = Object.keys(eventDataSchemas) as EventType[];

export type PlaybackData = z.infer<typeof playbackSchema>;
export type SyncCompletedData = z.infer<typeof syncCompletedSchema>;
export type StatsUpdateData = z.infer<typeof statsUpdateSchema>;
export type DetectionAlertData = z.infer<typeof detectionAlertSchema>;
export type AlertSeverity = z.infer<typeof alertSeveritySchema>;
export type SyncProgressData = z.infer<typeof syncProgressSchema>;
export type SyncStatus = z.infer<typeof syncStatusSchema>;
export type DashboardRefreshData = z.infer<typeof dashboardRefreshSchema>;

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
