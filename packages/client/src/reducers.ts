import {
  type AlertAcknowledgedData,
  alertKey,
  type DashboardRefreshData,
  type DetectionAlertData,
  type PlaybackData,
  type ServerEvent,
  type StatsUpdateData,
  type SyncCompletedData,
  type SyncProgressData,
} from "@pulseboard/protocol";
import {
  MAX_ACKNOWLEDGEMENTS,
  MAX_ACTIVE_SESSIONS,
  MAX_ALERTS,
  MAX_FINISHED_SYNCS,
  MAX_LOADED_PLAYBACKS,
  MAX_RECENT_PLAYBACKS,
  MAX_RUNNING_SYNCS,
} from "./defaults.js";
import { countEvents } from "./event-rate.js";
import {
  type AlertEntry,
  emptyRoom,
  type Received,
  type RoomState,
  type SessionEntry,
} from "./room-state.js";

/**
 * Pure reducers: (room state, event) → new room state, never mutating their input. The store
 * applies them a batch at a time; tests call them directly.
 */

/**
 * Applies one event to its room: the type's reducer plus the room's rate and last-event time.
 * Both are counted at `happenedAt`: the arrival for a live event, the hub's time (`ts`) for a
 * past one (history, catch-up), so a page opened on a busy room does not show its past as a
 * burst now.
 */
export function reduceEvent(
  room: RoomState,
  event: ServerEvent,
  receivedAt: number,
  happenedAt = receivedAt,
): RoomState {
  const next = reduceByType(room, event, receivedAt);
  const lastEventAt = Math.max(room.lastEventAt ?? happenedAt, happenedAt);
  return { ...next, rate: countEvents(room.rate, happenedAt), lastEventAt };
}

/** When a past event happened, as far as this client can tell: its `ts`, never after `receivedAt`. */
export function pastEventTime(event: ServerEvent, receivedAt: number): number {
  const sequencedAt = Date.parse(event.ts);
  return Number.isFinite(sequencedAt) ? Math.min(sequencedAt, receivedAt) : receivedAt;
}

function reduceByType(room: RoomState, event: ServerEvent, receivedAt: number): RoomState {
  const { seq, ts } = event;
  switch (event.type) {
    case "playback":
      return reducePlayback(room, { data: event.data, seq, ts, receivedAt });
    case "stats_update":
      return reduceStatsUpdate(room, { data: event.data, seq, ts, receivedAt });
    case "sync_progress":
      return reduceSyncProgress(room, { data: event.data, seq, ts, receivedAt });
    case "sync_completed":
      return reduceSyncCompleted(room, { data: event.data, seq, ts, receivedAt });
    case "detection_alert":
      return reduceDetectionAlert(room, { data: event.data, seq, ts, receivedAt });
    case "dashboard_refresh":
      return reduceDashboardRefresh(room, { data: event.data, seq, ts, receivedAt });
    case "alert_acknowledged":
      return reduceAlertAcknowledged(room, { data: event.data, seq, ts, receivedAt });
  }
}

/** `reset`: everything known about the room is stale; a snapshot refills it. */
export function resetRoom(): RoomState {
  return emptyRoom;
}

export function reducePlayback(room: RoomState, entry: Received<PlaybackData>): RoomState {
  const id = playbackId(entry.data);
  // A producer that re-sends a playback (same id) updates it rather than listing it twice.
  const others = room.playbacks.filter((p) => playbackId(p.data) !== id);
  return {
    ...room,
    playbacks: [entry, ...others].slice(0, playbackBound(room)),
    sessions: updateSessions(room.sessions, entry),
  };
}

/**
 * How many playbacks a room keeps: MAX_RECENT_PLAYBACKS, or as many as it holds once "load
 * older" brought more (so a live playback does not throw away what the viewer paged in).
 */
export function playbackBound(room: RoomState): number {
  return Math.max(MAX_RECENT_PLAYBACKS, Math.min(room.playbacks.length, MAX_LOADED_PLAYBACKS));
}

/**
 * Which media session a playback belongs to: its `session_key`; else its user and title; else,
 * with neither (producers may send only an id), the playback itself. Go producers write an
 * unset key as null or "": that is no key, or every such playback would be one session.
 */
export function sessionKey(data: PlaybackData): string {
  if (typeof data.session_key === "string" && data.session_key !== "") {
    return `session:${data.session_key}`;
  }
  const user = data.username ?? "";
  const title = data.title ?? "";
  if (user !== "" || title !== "") return `user:${user}\u0000${title}`;
  return `playback:${playbackId(data)}`;
}

/** `id`, else `event_id`: the protocol guarantees one of them. */
export function playbackId(data: PlaybackData): string | undefined {
  return data.id ?? data.event_id;
}

function updateSessions(
  sessions: readonly SessionEntry[],
  entry: Received<PlaybackData>,
): readonly SessionEntry[] {
  const key = sessionKey(entry.data);
  const previous = sessions.find((session) => session.key === key);
  const others = sessions.filter((session) => session.key !== key);
  // An update without a percentage (absent or null) keeps the last known one.
  const percentComplete = entry.data.percent_complete ?? previous?.percentComplete;
  // At or past the end (producers overshoot: 104) the session is over.
  if (percentComplete !== undefined && percentComplete >= 100) return others;
  return [{ ...entry, key, percentComplete }, ...others].slice(0, MAX_ACTIVE_SESSIONS);
}

export function reduceStatsUpdate(room: RoomState, entry: Received<StatsUpdateData>): RoomState {
  // Latest value wins; an older one (a replay overlapping a snapshot) must not overwrite it.
  if (room.stats !== undefined && entry.seq < room.stats.seq) return room;
  return { ...room, stats: entry };
}

export function reduceSyncProgress(room: RoomState, entry: Received<SyncProgressData>): RoomState {
  const id = entry.data.correlation_id;
  const current = room.syncs[id];
  if (current !== undefined && entry.seq < current.seq) return room;
  const { [id]: _previous, ...others } = room.syncs;
  // Only `running` is in progress: completed, error, cancelled/canceled, idle and any status
  // this client does not know are finished (as the hub's snapshot treats them).
  if (isRunning(entry.data)) {
    return { ...room, syncs: boundSyncs({ ...others, [id]: entry }) };
  }
  const finished = room.finishedSyncs.filter((sync) => sync.data.correlation_id !== id);
  return {
    ...room,
    syncs: others,
    finishedSyncs: [entry, ...finished].slice(0, MAX_FINISHED_SYNCS),
  };
}

function isRunning(data: SyncProgressData): boolean {
  return data.status === "running";
}

/** Drops the least recently updated running syncs beyond the bound. */
function boundSyncs(
  syncs: Record<string, Received<SyncProgressData>>,
): Record<string, Received<SyncProgressData>> {
  const ids = Object.keys(syncs);
  if (ids.length <= MAX_RUNNING_SYNCS) return syncs;
  const kept = Object.entries(syncs)
    .sort(([, a], [, b]) => b.seq - a.seq)
    .slice(0, MAX_RUNNING_SYNCS);
  return Object.fromEntries(kept);
}

export function reduceSyncCompleted(
  room: RoomState,
  entry: Received<SyncCompletedData>,
): RoomState {
  return { ...room, completedSyncs: [entry, ...room.completedSyncs].slice(0, MAX_FINISHED_SYNCS) };
}

export function reduceDetectionAlert(
  room: RoomState,
  entry: Received<DetectionAlertData>,
): RoomState {
  const id = alertKey(entry.data.id);
  const index = room.alerts.findIndex((alert) => alertKey(alert.data.id) === id);
  const previous = index === -1 ? undefined : room.alerts[index];
  // Acknowledged stays acknowledged when the producer re-sends the alert; an acknowledgement
  // that came first (an older page, another order of producers) applies to it at once.
  const acknowledgement = room.acknowledgements[id] ?? previous?.acknowledgement;
  const alert: AlertEntry = {
    ...entry,
    acknowledged:
      entry.data.acknowledged === true ||
      previous?.acknowledged === true ||
      acknowledgement !== undefined,
    acknowledgement,
  };
  if (index === -1) return { ...room, alerts: [alert, ...room.alerts].slice(0, MAX_ALERTS) };
  return { ...room, alerts: room.alerts.map((existing, i) => (i === index ? alert : existing)) };
}

/** The newest request wins; an older one (a replay overlapping what was seen) changes nothing. */
export function reduceDashboardRefresh(
  room: RoomState,
  entry: Received<DashboardRefreshData>,
): RoomState {
  if (room.refreshRequest !== undefined && entry.seq <= room.refreshRequest.seq) return room;
  return { ...room, refreshRequest: entry, refreshRequestedAt: entry.data.requested_at };
}

/**
 * Someone acknowledged an alert: it shows as acknowledged by them at that time. The newest
 * acknowledgement of an alert wins (a replay of an older one changes nothing), and it is kept
 * by alert id even while the alert itself is not in the room (older than what is held).
 */
export function reduceAlertAcknowledged(
  room: RoomState,
  entry: Received<AlertAcknowledgedData>,
): RoomState {
  const id = alertKey(entry.data.alert_id);
  const current = room.acknowledgements[id];
  if (current !== undefined && entry.seq <= current.seq) return room;
  return {
    ...room,
    acknowledgements: boundAcknowledgements({ ...room.acknowledgements, [id]: entry }),
    alerts: room.alerts.map((alert) =>
      alertKey(alert.data.id) === id
        ? { ...alert, acknowledged: true, acknowledgement: entry }
        : alert,
    ),
  };
}

function boundAcknowledgements(
  acknowledgements: Record<string, Received<AlertAcknowledgedData>>,
): Record<string, Received<AlertAcknowledgedData>> {
  const entries = Object.entries(acknowledgements);
  if (entries.length <= MAX_ACKNOWLEDGEMENTS) return acknowledgements;
  return Object.fromEntries(
    entries.sort(([, a], [, b]) => b.seq - a.seq).slice(0, MAX_ACKNOWLEDGEMENTS),
  );
}
