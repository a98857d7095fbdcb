import type {
  ClientMessage,
  EventDataMap,
  EventType,
  ServerControlMessage,
  ServerEvent,
} from "../src/index.js";

/**
 * Realistic examples of every message, shaped like what media-server producers and the hub
 * really send. Tests mutate copies (`clone`), never these objects.
 */

export const eventData: EventDataMap = {
  playback: {
    id: "pb-7f3a9c",
    session_key: "a1b2c3d4e5",
    source: "plex",
    user_id: 1042,
    username: "marisol",
    title: "The Expanse — S03E07 Delta-V",
    media_type: "episode",
    platform: "Android TV",
    player: "Plex for Android (TV)",
    ip_address: "198.51.100.23",
    started_at: "2026-11-21T22:58:41.120Z",
    percent_complete: 37.5,
    // An extra field a producer added; it must arrive untouched.
    transcode_decision: "direct play",
  },
  sync_completed: {
    timestamp: "2026-11-21T23:00:00.000Z",
    new_playbacks: 12,
    sync_duration_ms: 4821,
  },
  stats_update: {
    timestamp: "2026-11-21T23:00:02.000Z",
    total_count: 48213,
    unique_users: 317,
    last_playback: { id: "pb-7f3a9c", username: "marisol", title: "The Expanse — S03E07 Delta-V" },
  },
  detection_alert: {
    id: 5521,
    rule_type: "impossible_travel",
    user_id: 1042,
    username: "marisol",
    severity: "critical",
    title: "Impossible travel",
    message: "Streams from Lisbon and Osaka within 14 minutes",
    created_at: "2026-11-21T22:59:10+01:00",
    acknowledged: false,
    metadata: { distance_km: 11153, window_minutes: 14, ips: ["192.0.2.10", "198.51.100.7"] },
  },
  sync_progress: {
    correlation_id: "sync-2026-11-21T23:00",
    operation: "library_sync",
    status: "running",
    progress: { done: 1200, total: 4800 },
    message: "Scanning TV Shows",
    server_id: "plex-main",
  },
  dashboard_refresh: {
    requested_at: "2026-11-21T23:00:05.000Z",
    reason: "library rescanned",
    requested_by: "ops@example.com",
  },
  alert_acknowledged: {
    alert_id: 5521,
    note: "Known VPN user, travelling",
    by: { id: "user-7", name: "Marisol" },
    at: "2026-11-21T23:01:12.345Z",
  },
};

let nextSeq = 1040;

export function serverEvent<T extends EventType>(type: T, room = "global"): ServerEvent<T> {
  nextSeq += 1;
  return {
    type,
    data: clone(eventData[type]),
    room,
    seq: nextSeq,
    ts: "2026-11-21T23:00:00.123Z",
  } as ServerEvent<T>;
}

export const clientMessages: Record<ClientMessage["type"], ClientMessage[]> = {
  ping: [{ type: "ping" }, { type: "ping", data: null, id: 7 }],
  subscribe: [
    { type: "subscribe", id: "sub-1", data: { rooms: ["global", "dashboard:42"] } },
    {
      type: "subscribe",
      id: 3,
      data: { rooms: ["server:plex-main"], since: 1041, epoch: "mem-3c1e" },
    },
  ],
  unsubscribe: [{ type: "unsubscribe", id: "u1", data: { rooms: ["dashboard:42"] } }],
  refresh: [{ type: "refresh", id: "r1", data: { token: "eyJhbGciOiJIUzI1NiJ9.e30.sig" } }],
  publish: [
    { type: "publish", data: { room: "dashboard:42", kind: "viewing" } },
    {
      type: "publish",
      id: "p1",
      data: { room: "dashboard:42", kind: "annotating", payload: { panel: "plays" }, ttl_ms: 5000 },
    },
  ],
  append: [
    {
      type: "append",
      id: "a1",
      data: { room: "global", type: "alert_acknowledged", data: { alert_id: 5521 } },
    },
    {
      type: "append",
      id: 8,
      data: {
        room: "dashboard:42",
        type: "alert_acknowledged",
        data: { alert_id: "alert-9f2", note: "Known VPN user, travelling" },
      },
    },
  ],
};

export const serverControlMessages: Record<ServerControlMessage["type"], ServerControlMessage> = {
  pong: { type: "pong", data: null, ref: 7 },
  welcome: {
    type: "welcome",
    data: {
      connection_id: "c-01HZX3",
      protocol: 1,
      epoch: "mem-3c1e",
      seq: 1041,
      rooms: ["global"],
      heartbeat_ms: 25000,
    },
  },
  subscribed: {
    type: "subscribed",
    data: { rooms: ["global", "dashboard:42"], seq: 1041 },
    ref: "sub-1",
  },
  unsubscribed: { type: "unsubscribed", data: { rooms: ["dashboard:42"] }, ref: "u1" },
  reset: { type: "reset", data: { rooms: ["global"], reason: "retention" } },
  refreshed: { type: "refreshed", data: { exp: 1795302000 }, ref: "r1" },
  error: {
    type: "error",
    data: { code: "bad_room", message: "data.rooms.0: invalid room", ref: "sub-1" },
    ref: "sub-1",
  },
  presence: {
    type: "presence",
    data: {
      room: "dashboard:42",
      members: [
        { id: "user-7", name: "Marisol" },
        { id: "user-9", name: "Ana" },
      ],
    },
  },
  join: { type: "join", data: { room: "dashboard:42", member: { id: "user-9", name: "Ana" } } },
  leave: { type: "leave", data: { room: "dashboard:42", member: { id: "user-9", name: "Ana" } } },
  indicator: {
    type: "indicator",
    data: {
      room: "dashboard:42",
      kind: "viewing",
      payload: { panel: "plays" },
      ttl_ms: 10000,
      from: { id: "user-7", name: "Marisol", connection_id: "c-01HZX3" },
      ts: "2026-11-21T23:00:06.000Z",
    },
  },
  appended: { type: "appended", data: { room: "global", seq: 1048 }, ref: "a1" },
};

/** A copy of `value` without `key`, for table-driven "required field" tests. */
export function without(value: object, key: string): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...value };
  delete copy[key];
  return copy;
}

/** A deep copy. (The package has no DOM or Node types, so no `structuredClone`.) */
export function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
