import { alertKey, type ServerEvent } from "@pulseboard/protocol";
import { MAX_FINISHED_SYNCS, MAX_LOADED_PLAYBACKS } from "./defaults.js";
import { refreshRate } from "./event-rate.js";
import { pastEventTime, playbackId, reduceAlertAcknowledged, reduceEvent } from "./reducers.js";
import type { AlertEntry, RoomState } from "./room-state.js";

/**
 * Reducers for a room's past, as opposed to its live events: the state a server rendered
 * (`/state`, which is what a socket opened with `history=N` gets) and older pages
 * (`/events?before=`). Pure, like `reducers.ts`.
 */

/**
 * A room's state from its snapshot and last events (ascending `seq`), as of `now`. Each event
 * counts at its hub time (`ts`), so the rate and the chart show the recent past rather than a
 * burst. `history` is the N the state was asked with: its last N events are the room's
 * contiguous past (older snapshot values may precede them), so "load older" continues below
 * the first of them; fewer than N means there is nothing older.
 */
export function reduceHistory(
  room: RoomState,
  events: readonly ServerEvent[],
  now: number,
  history: number | undefined,
): RoomState {
  let next = room;
  for (const event of events) next = reduceEvent(next, event, now, pastEventTime(event, now));
  const window = history === undefined ? events : events.slice(-Math.max(1, history));
  const before = window[0]?.seq;
  const more = history === undefined ? true : events.length >= history;
  // Each event was counted as of its own time: what has left the window since goes now.
  return {
    ...next,
    rate: refreshRate(next.rate, now),
    older: { before: before ?? room.older.before, more: more && before !== undefined },
  };
}

/**
 * An older page of the room (`seq` below everything it holds, ascending): playbacks and alerts
 * go below the ones held, acknowledgements apply, finished-sync summaries are added; latest
 * values (stats, sync progress, refresh requests) are older than the ones held and change
 * nothing. Counts in no rate: these events are not recent.
 */
export function reduceOlder(
  room: RoomState,
  events: readonly ServerEvent[],
  more: boolean,
  receivedAt: number,
): RoomState {
  let next = room;
  const playbacks = [...room.playbacks];
  const alerts = [...room.alerts];
  const completed = [...room.completedSyncs];
  const playbackIds = new Set(playbacks.map((entry) => playbackId(entry.data)));
  const alertIds = new Set(alerts.map((entry) => alertKey(entry.data.id)));
  // Newest first, as the lists are.
  for (const event of [...events].sort((a, b) => b.seq - a.seq)) {
    const { seq, ts } = event;
    switch (event.type) {
      case "playback": {
        const id = playbackId(event.data);
        if (playbackIds.has(id)) break;
        playbackIds.add(id);
        playbacks.push({ data: event.data, seq, ts, receivedAt });
        break;
      }
      case "detection_alert": {
        const id = alertKey(event.data.id);
        if (alertIds.has(id)) break;
        alertIds.add(id);
        const acknowledgement = next.acknowledgements[id];
        const alert: AlertEntry = {
          data: event.data,
          seq,
          ts,
          receivedAt,
          acknowledged: event.data.acknowledged === true || acknowledgement !== undefined,
          acknowledgement,
        };
        alerts.push(alert);
        break;
      }
      case "alert_acknowledged":
        next = reduceAlertAcknowledged(next, { data: event.data, seq, ts, receivedAt });
        break;
      case "sync_completed":
        completed.push({ data: event.data, seq, ts, receivedAt });
        break;
      default:
        break;
    }
  }
  const oldest = events.reduce((min, event) => Math.min(min, event.seq), Number.POSITIVE_INFINITY);
  return {
    ...next,
    playbacks: playbacks.slice(0, MAX_LOADED_PLAYBACKS),
    // Alerts acknowledged by an acknowledgement of this page (applied to `next.alerts`) keep it.
    alerts: alerts.map((alert) => withAcknowledgement(alert, next)),
    completedSyncs: completed.slice(0, MAX_FINISHED_SYNCS),
    older: {
      before: Number.isFinite(oldest) ? oldest : room.older.before,
      more,
    },
  };
}

function withAcknowledgement(alert: AlertEntry, room: RoomState): AlertEntry {
  const acknowledgement = room.acknowledgements[alertKey(alert.data.id)];
  if (acknowledgement === undefined || alert.acknowledgement === acknowledgement) return alert;
  return { ...alert, acknowledged: true, acknowledgement };
}
