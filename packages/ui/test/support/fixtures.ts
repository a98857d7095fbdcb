import type {
  DashboardRefreshData,
  DetectionAlertData,
  PlaybackData,
  SyncCompletedData,
  SyncProgressData,
} from "@pulseboard/protocol";
import type { IndicatorItem } from "../../src/indicator-badges.js";

export function playback(overrides: Partial<PlaybackData> = {}): PlaybackData {
  return {
    id: "pb-1",
    username: "marisol",
    title: "The Expanse — S03E07 Delta-V",
    media_type: "episode",
    platform: "Android TV",
    started_at: "2026-11-21T22:58:41.120Z",
    percent_complete: 37.5,
    ...overrides,
  } as PlaybackData;
}

export function alert(overrides: Partial<DetectionAlertData> = {}): DetectionAlertData {
  return {
    id: 5521,
    rule_type: "impossible_travel",
    user_id: 1042,
    username: "marisol",
    severity: "critical",
    title: "Impossible travel",
    message: "Streams from Lisbon and Osaka within 14 minutes",
    created_at: "2026-11-21T22:59:10Z",
    ...overrides,
  } as DetectionAlertData;
}

export function syncProgress(overrides: Partial<SyncProgressData> = {}): SyncProgressData {
  return {
    correlation_id: "sync-1",
    operation: "library_sync",
    status: "running",
    progress: { done: 1200, total: 4800 },
    message: "Scanning TV Shows",
    server_id: "plex-main",
    ...overrides,
  } as SyncProgressData;
}

export function syncCompleted(overrides: Partial<SyncCompletedData> = {}): SyncCompletedData {
  return {
    timestamp: "2026-11-21T23:00:00.000Z",
    new_playbacks: 12,
    sync_duration_ms: 4821,
    ...overrides,
  } as SyncCompletedData;
}

export function refreshRequest(overrides: Partial<DashboardRefreshData> = {}): {
  data: DashboardRefreshData;
  seq: number;
} {
  return { data: { requested_at: "2026-11-21T23:00:04.000Z", ...overrides }, seq: 42 };
}

/** An indicator with every field the client store's `IndicatorEntry` has. */
export function indicator(
  overrides: Partial<IndicatorItem> = {},
): IndicatorItem & { ts: string; receivedAt: number; expiresAt: number } {
  return {
    kind: "viewing",
    payload: { panel: "plays" },
    from: { id: "user-ann", name: "Ann", connection_id: "conn-1" },
    ts: "2026-11-21T23:00:04.000Z",
    receivedAt: 1_000,
    expiresAt: 11_000,
    ...overrides,
  };
}

/**
 * Shapes the real upstream (Cartographus, Go) sends, as the protocol accepts them: fields
 * absent or null, free-text severities and statuses, an import's progress object.
 */
export const upstream = {
  /** `SyncProgressData` of a cancelled Tautulli import: its own percentage and record counts. */
  cancelledImport: {
    operation: "tautulli_import",
    status: "cancelled",
    progress: {
      status: "cancelled",
      total_records: 50000,
      processed_records: 20600,
      progress_percent: 41.199999999999996,
      records_per_second: 125,
    },
    message: "import stop requested",
    correlation_id: "20261130214400-zz90lk3e",
  } as SyncProgressData,
  /** `BroadcastSyncProgress(op, "idle", id, nil)`: progress written as null. */
  idleSync: {
    operation: "tautulli_import",
    status: "idle",
    progress: null,
    correlation_id: "20261130220000-idle0000",
  } as SyncProgressData,
  /** An alert of a rule configured without a severity. */
  unspecifiedSeverity: {
    id: 732,
    rule_type: "concurrent_streams",
    user_id: 7,
    username: "family-share",
    severity: "",
    title: "Concurrent Stream Limit Exceeded",
    message: "User family-share has 4 active streams (limit: 3)",
    created_at: "2026-11-30T21:12:00.000481516Z",
  } as DetectionAlertData,
  /** An alert whose rule was configured with a severity outside info/warning/critical. */
  highSeverity: {
    id: 733,
    rule_type: "user_agent_anomaly",
    user_id: 42,
    username: "alice",
    severity: "high",
    title: "Rapid Platform Switch Detected",
    message: "User alice switched from iOS to Android in 3.5 minutes",
    created_at: "2026-11-30T22:12:00.75+01:00",
  } as DetectionAlertData,
  /** A playback computed from ticks, never clamped upstream. */
  overshootPlayback: {
    event_id: "e3f1c0de-7a9b-4c2d-8e6f-10a2b3c4d5e6",
    session_key: "p-8842",
    username: "alice",
    media_type: "episode",
    title: "The Constant",
    started_at: "2026-11-30T20:45:10Z",
    percent_complete: 104,
  } as PlaybackData,
};
