import type { PublishInput, ServerEvent } from "@pulseboard/protocol";
import type { Received } from "../../src/room-state.js";

/** Valid events for the tests, as the hub delivers them (`event*`) and as producers publish them. */

export const at = "2026-11-21T23:00:00.000Z";

export function playbackData(n: number, extra: Record<string, unknown> = {}) {
  return { id: `p-${n}`, username: `user${n}`, title: `Title ${n}`, media_type: "movie", ...extra };
}

export function statsData(total: number) {
  return { timestamp: at, total_count: total, unique_users: Math.min(total, 10) };
}

export function syncData(
  id: string,
  status: "running" | "completed" | "error" | "canceled",
  progress = 0.5,
) {
  return { correlation_id: id, operation: "sync", status, progress };
}

export function alertData(id: number | string, extra: Record<string, unknown> = {}) {
  return {
    id,
    rule_type: "concurrent_streams",
    user_id: 7,
    severity: "warning" as const,
    title: "Too many streams",
    message: "user7 runs 4 streams",
    created_at: at,
    ...extra,
  };
}

/** An `alert_acknowledged` as the hub delivers it after a viewer's `append` (by and at stamped). */
export function ackData(alertId: number | string, extra: Record<string, unknown> = {}) {
  return {
    alert_id: alertId,
    by: { id: "dev:0a1b2c3d", name: "Teal Otter" },
    at: "2026-11-21T23:05:00.000Z",
    ...extra,
  };
}

export function event<T extends ServerEvent["type"]>(
  type: T,
  data: Extract<ServerEvent, { type: T }>["data"],
  seq: number,
  room = "global",
): Extract<ServerEvent, { type: T }> {
  return { type, data, room, seq, ts: at } as Extract<ServerEvent, { type: T }>;
}

export function received<T>(data: T, seq: number, receivedAt = 1_000): Received<T> {
  return { data, seq, ts: at, receivedAt };
}

export function publishPlaybacks(room: string, count: number, start = 0): PublishInput[] {
  return Array.from({ length: count }, (_, i) => ({
    room,
    type: "playback" as const,
    data: playbackData(start + i),
  }));
}

export function publishStats(room: string, total: number): PublishInput {
  return { room, type: "stats_update", data: statsData(total) };
}
