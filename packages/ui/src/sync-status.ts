import { isKnownSyncStatus, type SyncStatus } from "@pulseboard/protocol";

const LABEL: Record<SyncStatus, string> = {
  running: "Running",
  completed: "Completed",
  error: "Failed",
  // Cartographus spells it one way, Pulseboard's demo the other: one word on screen.
  cancelled: "Cancelled",
  canceled: "Cancelled",
  idle: "Idle",
};

/** The style family of a status: known ones have their own; anything else is neutral. */
export type SyncTone = "running" | "completed" | "error" | "cancelled" | "idle" | "other";

const TONE: Record<SyncStatus, SyncTone> = {
  running: "running",
  completed: "completed",
  error: "error",
  cancelled: "cancelled",
  canceled: "cancelled",
  idle: "idle",
};

/** The status spelled out: a known status's word, any other as the producer wrote it. */
export function syncStatusLabel(status: string): string {
  if (isKnownSyncStatus(status)) return LABEL[status];
  return status.trim() === "" ? "Unspecified" : status;
}

/** The class suffix for a status; never the raw string (it could hold anything). */
export function syncStatusTone(status: string): SyncTone {
  return isKnownSyncStatus(status) ? TONE[status] : "other";
}
