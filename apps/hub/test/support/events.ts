import type { PublishInput, SyncStatus } from "@pulseboard/protocol";

/**
 * Valid producer events for the hub tests. test/fixtures.test.ts checks each against the
 * protocol's `validatePublishInput` (which TestHub.publish also applies): a fixture that drifts
 * from the protocol fails there, by name, rather than somewhere in a hub test.
 */

const at = "2026-11-21T23:00:00.000Z";

export function playback(room: string, n: number, extra: Record<string, unknown> = {}) {
  return {
    room,
    type: "playback",
    data: {
      id: `p-${n}`,
      username: `user${n}`,
      title: `Title ${n}`,
      media_type: "movie",
      ...extra,
    },
  } satisfies PublishInput;
}

/** `count` playbacks numbered from `start`. */
export function playbacks(room: string, count: number, start = 0): PublishInput[] {
  return Array.from({ length: count }, (_, i) => playback(room, start + i));
}

export function stats(room: string, total: number) {
  return {
    room,
    type: "stats_update",
    data: { timestamp: at, total_count: total, unique_users: Math.min(total, 10) },
  } satisfies PublishInput;
}

export function syncProgress(
  room: string,
  correlationId: string,
  status: SyncStatus,
  progress: number,
) {
  return {
    room,
    type: "sync_progress",
    data: { correlation_id: correlationId, operation: "sync", status, progress },
  } satisfies PublishInput;
}
