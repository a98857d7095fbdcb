import fc from "fast-check";
import {
  type EventType,
  type MessageId,
  PROTOCOL_VERSION,
  type PublishInput,
  ROOM_NAME_PATTERN,
  type ServerEvent,
} from "../src/index.js";

/** fast-check arbitraries for valid protocol values. Invalid ones are built by mutating these. */

export const roomArb = fc.stringMatching(ROOM_NAME_PATTERN);

const text = fc.string({ unit: "binary", maxLength: 40 });
const nonEmptyText = fc.string({ unit: "binary", minLength: 1, maxLength: 40 });
const idLikeArb = fc.oneof(
  nonEmptyText,
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);
const countArb = fc.nat();

export const messageIdArb: fc.Arbitrary<MessageId> = fc.oneof(
  fc.string({ unit: "binary", maxLength: 128 }),
  fc.integer(),
);

const dateArb = fc.date({
  min: new Date("1970-01-01T00:00:00Z"),
  max: new Date("2100-01-01T00:00:00Z"),
  noInvalidDate: true,
});

/** RFC 3339 timestamps: UTC `Z` form, or local time with a `±hh:mm` offset. */
export const timestampArb = fc.oneof(
  dateArb.map((date) => date.toISOString()),
  fc
    .tuple(dateArb, fc.integer({ min: -12 * 4, max: 14 * 4 }))
    .map(([date, quarters]) => withOffset(date, quarters * 15)),
);

function withOffset(date: Date, offsetMinutes: number): string {
  const local = new Date(date.getTime() + offsetMinutes * 60_000).toISOString().slice(0, -1);
  const sign = offsetMinutes < 0 ? "-" : "+";
  const abs = Math.abs(offsetMinutes);
  const hh = String(Math.floor(abs / 60)).padStart(2, "0");
  const mm = String(abs % 60).padStart(2, "0");
  return `${local}${sign}${hh}:${mm}`;
}

/**
 * Producer extras. Keys get an `x_` prefix so they never collide with schema fields (which
 * would make the value invalid) nor with `__proto__`, which zod drops on purpose (see
 * events.test.ts).
 */
const extrasArb = fc.dictionary(
  fc.string({ maxLength: 12 }).map((key) => `x_${key}`),
  fc.jsonValue({ maxDepth: 2 }),
  { maxKeys: 3 },
);

const playbackArb = fc
  .record(
    {
      id: nonEmptyText,
      event_id: nonEmptyText,
      username: text,
      title: text,
      media_type: fc.constantFrom("movie", "episode", "track", "live", "clip"),
      session_key: text,
      source: fc.constantFrom("plex", "jellyfin", "emby"),
      user_id: idLikeArb,
      platform: text,
      player: text,
      ip_address: fc.oneof(fc.ipV4(), fc.ipV6()),
      started_at: timestampArb,
      timestamp: timestampArb,
      percent_complete: fc.double({ min: 0, max: 100, noNaN: true }),
    },
    { requiredKeys: ["username", "title", "media_type"] },
  )
  // A playback needs `id` or `event_id`; supply one when the record left both out.
  .chain((data) =>
    data.id === undefined && data.event_id === undefined
      ? nonEmptyText.map((id) => ({ ...data, id }))
      : fc.constant(data),
  );

const syncCompletedArb = fc.record({
  timestamp: timestampArb,
  new_playbacks: countArb,
  sync_duration_ms: fc.double({ min: 0, max: 1e9, noNaN: true }),
});

const statsUpdateArb = fc.record(
  {
    timestamp: timestampArb,
    total_count: countArb,
    unique_users: countArb,
    last_playback: fc.dictionary(
      fc.string({ maxLength: 12 }).map((k) => `x_${k}`),
      fc.jsonValue(),
      {
        maxKeys: 4,
      },
    ),
  },
  { requiredKeys: ["timestamp", "total_count", "unique_users"] },
);

const detectionAlertArb = fc.record(
  {
    id: idLikeArb,
    rule_type: fc.constantFrom("impossible_travel", "concurrent_streams", "device_velocity"),
    user_id: idLikeArb,
    username: text,
    severity: fc.constantFrom("info", "warning", "critical"),
    title: text,
    message: text,
    created_at: timestampArb,
    acknowledged: fc.boolean(),
    metadata: fc.dictionary(fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 2 }), {
      maxKeys: 4,
      noNullPrototype: true,
    }),
  },
  { requiredKeys: ["id", "rule_type", "user_id", "severity", "title", "message", "created_at"] },
);

const progressArb = fc.oneof(
  fc.double({ min: 0, max: 1, noNaN: true }),
  fc.tuple(countArb, countArb).map(([a, b]) => ({ done: Math.min(a, b), total: Math.max(a, b) })),
);

const syncProgressArb = fc.record(
  {
    correlation_id: nonEmptyText,
    operation: nonEmptyText,
    status: fc.constantFrom("running", "completed", "error", "canceled"),
    progress: progressArb,
    message: text,
    error: text,
    server_id: text,
  },
  { requiredKeys: ["correlation_id", "operation", "status", "progress"] },
);

const dashboardRefreshArb = fc.record(
  {
    requested_at: timestampArb,
    reason: fc.string({ unit: "binary", maxLength: 500 }),
    requested_by: text,
  },
  { requiredKeys: ["requested_at"] },
);

const alertAcknowledgedArb = fc.record(
  {
    alert_id: idLikeArb,
    note: fc.string({ unit: "binary", maxLength: 500 }),
    by: fc.record({ id: idLikeArb, name: text }),
    at: timestampArb,
  },
  { requiredKeys: ["alert_id", "by", "at"] },
);

const dataArbs: { [K in EventType]: fc.Arbitrary<object> } = {
  playback: playbackArb,
  sync_completed: syncCompletedArb,
  stats_update: statsUpdateArb,
  detection_alert: detectionAlertArb,
  sync_progress: syncProgressArb,
  dashboard_refresh: dashboardRefreshArb,
  alert_acknowledged: alertAcknowledgedArb,
};

/** Valid `data` of `type`, with random producer extras merged in. */
export function eventDataArb(type: EventType): fc.Arbitrary<Record<string, unknown>> {
  return fc.tuple(dataArbs[type], extrasArb).map(([data, extras]) => ({ ...extras, ...data }));
}

export const eventTypeArb = fc.constantFrom<EventType>(
  "playback",
  "sync_completed",
  "stats_update",
  "detection_alert",
  "sync_progress",
  "dashboard_refresh",
  "alert_acknowledged",
);

export const publishInputArb: fc.Arbitrary<PublishInput> = eventTypeArb.chain((type) =>
  fc
    .tuple(roomArb, eventDataArb(type))
    .map(([room, data]) => ({ room, type, data }) as PublishInput),
);

export const serverEventArb: fc.Arbitrary<ServerEvent> = fc
  .tuple(publishInputArb, fc.nat(), timestampArb)
  .map(([input, seq, ts]) => ({ ...input, seq, ts }) as ServerEvent);

export const subscribeArb = fc.record(
  {
    type: fc.constant("subscribe" as const),
    id: messageIdArb,
    data: fc.record(
      {
        rooms: fc.array(roomArb, { minLength: 1, maxLength: 100 }),
        since: fc.nat(),
        epoch: fc.string({ maxLength: 128 }),
      },
      { requiredKeys: ["rooms"] },
    ),
  },
  { requiredKeys: ["type", "data"] },
);

export const welcomeArb = fc.record({
  type: fc.constant("welcome" as const),
  data: fc.record(
    {
      connection_id: text,
      protocol: fc.constant(PROTOCOL_VERSION),
      epoch: text,
      seq: fc.nat(),
      rooms: fc.array(roomArb, { maxLength: 5 }),
      heartbeat_ms: fc.integer({ min: 1, max: 120_000 }),
      user: fc.record({
        id: fc.string({ minLength: 1, maxLength: 40 }),
        name: fc.string({ maxLength: 40 }),
      }),
    },
    { requiredKeys: ["connection_id", "protocol", "epoch", "seq", "rooms", "heartbeat_ms"] },
  ),
});
