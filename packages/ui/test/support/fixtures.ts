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
