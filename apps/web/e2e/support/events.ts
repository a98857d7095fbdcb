import type {
  DashboardRefreshData,
  DetectionAlertData,
  PlaybackData,
  StatsUpdateData,
  SyncCompletedData,
  SyncProgressData,
} from "@pulseboard/protocol";

/** An event as a producer publishes it: its type and its `data` (schemas: packages/protocol). */
export type PulseEvent =
  | { type: "playback"; data: PlaybackData }
  | { type: "stats_update"; data: StatsUpdateData }
  | { type: "sync_progress"; data: SyncProgressData }
  | { type: "sync_completed"; data: SyncCompletedData }
  | { type: "detection_alert"; data: DetectionAlertData }
  | { type: "dashboard_refresh"; data: DashboardRefreshData };

const now = () => new Date().toISOString();

export function playback(data: Partial<PlaybackData> & { id: string }): PulseEvent {
  return {
    type: "playback",
    data: {
      username: `user-${data.id}`,
      title: `Title ${data.id}`,
      media_type: "movie",
      started_at: now(),
      ...data,
    },
  };
}

/**
 * `count` playbacks numbered `from`, `from + 1`, …: ids `<prefix>-<n>`, each by its own user
 * (`<prefix>-user-<n>`), so each is its own session ("Playing now" counts them).
 */
export function playbacks(prefix: string, from: number, count: number): PulseEvent[] {
  return Array.from({ length: count }, (_, i) => {
    const n = from + i;
    return playback({ id: `${prefix}-${n}`, username: `${prefix}-user-${n}`, title: `Film ${n}` });
  });
}

export function stats(totalCount: number, uniqueUsers: number): PulseEvent {
  return {
    type: "stats_update",
    data: { timestamp: now(), total_count: totalCount, unique_users: uniqueUsers },
  };
}

export function syncProgress(
  data: Partial<SyncProgressData> &
    Pick<SyncProgressData, "correlation_id" | "status" | "progress">,
): PulseEvent {
  return { type: "sync_progress", data: { operation: "library_sync", ...data } };
}

export function syncCompleted(newPlaybacks: number, durationMs: number): PulseEvent {
  return {
    type: "sync_completed",
    data: { timestamp: now(), new_playbacks: newPlaybacks, sync_duration_ms: durationMs },
  };
}

export function alert(
  data: Partial<DetectionAlertData> & Pick<DetectionAlertData, "id" | "severity" | "title">,
): PulseEvent {
  return {
    type: "detection_alert",
    data: {
      rule_type: "concurrent_streams",
      user_id: 7,
      username: "mallory",
      message: `${data.title}: detected by the e2e suite`,
      created_at: now(),
      ...data,
    },
  };
}

/** Asks every open copy of the room's dashboard to reload. */
export function dashboardRefresh(reason: string, requestedBy?: string): PulseEvent {
  return {
    type: "dashboard_refresh",
    data: {
      requested_at: now(),
      reason,
      ...(requestedBy === undefined ? {} : { requested_by: requestedBy }),
    },
  };
}

/** A room name nobody else uses: `<prefix>-<time><random>` (valid as `dashboard:<id>` too). */
export function uniqueId(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}
