import type { PublishInput, SyncStatus } from "@pulseboard/protocol";
import type { Broker, ProducedEvent } from "../../src/broker/broker.js";

/** Valid producer events for tests; `extra` lands in `data` beside the required fields. */

const at = "2026-11-21T23:00:00.000Z";

export function playback(room: string, id: string, extra: Record<string, unknown> = {}) {
  return {
    room,
    type: "playback",
    data: { id, username: `user-${id}`, title: `Title ${id}`, media_type: "movie", ...extra },
  } satisfies PublishInput;
}

export function stats(room: string, total: number, extra: Record<string, unknown> = {}) {
  return {
    room,
    type: "stats_update",
    data: { timestamp: at, total_count: total, unique_users: Math.ceil(total / 2), ...extra },
  } satisfies PublishInput;
}

export function sync(room: string, correlationId: string, status: SyncStatus, progress = 0.5) {
  return {
    room,
    type: "sync_progress",
    data: { correlation_id: correlationId, operation: "library_scan", status, progress },
  } satisfies PublishInput;
}

export function alert(room: string, id: number) {
  return {
    room,
    type: "detection_alert",
    data: {
      id,
      rule_type: "concurrent_streams",
      user_id: 7,
      severity: "warning",
      title: "Too many streams",
      message: "user 7 has 4 streams",
      created_at: at,
    },
  } satisfies PublishInput;
}

/** An acknowledgement of alert `alertId` as the hub stamps one (protocol 1.1). */
export function acknowledgement(room: string, alertId: number | string, by = "user-7") {
  return {
    room,
    type: "alert_acknowledged",
    data: { alert_id: alertId, note: `seen by ${by}`, by: { id: by, name: by }, at },
  } satisfies PublishInput;
}

export function syncCompleted(room: string, newPlaybacks: number) {
  return {
    room,
    type: "sync_completed",
    data: { timestamp: at, new_playbacks: newPlaybacks, sync_duration_ms: 1200 },
  } satisfies PublishInput;
}

/** A varied stream of events over `rooms`, deterministic for a given count. */
export function mixedEvents(count: number, rooms: readonly string[]): PublishInput[] {
  const events: PublishInput[] = [];
  for (let i = 0; i < count; i++) {
    const room = rooms[i % rooms.length] ?? "global";
    switch (i % 5) {
      case 0:
        events.push(playback(room, `p${i}`));
        break;
      case 1:
        events.push(stats(room, i));
        break;
      case 2:
        events.push(sync(room, `job-${i % 3}`, "running", (i % 10) / 10));
        break;
      case 3:
        events.push(alert(room, i));
        break;
      default:
        events.push(syncCompleted(room, i));
    }
  }
  return events;
}

/** Publishes through a broker and returns just the sequences (most tests need nothing else). */
export async function publishSeqs(
  broker: Pick<Broker, "publish">,
  events: readonly ProducedEvent[],
): Promise<number[]> {
  return (await broker.publish(events)).seqs;
}
