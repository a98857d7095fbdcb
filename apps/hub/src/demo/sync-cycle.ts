import type { PublishInput, SyncProgressData } from "@pulseboard/protocol";
import { iso } from "./generators.js";
import { chance, hex, int, type Random } from "./random.js";

/** How often a room's simulated server syncs, and how its progress is reported. */
export const SYNC_INTERVAL_MS = 30_000;
const SYNC_JITTER_MS = 5_000;
/** The first sync starts soon, so a freshly opened dashboard shows one without a long wait. */
const FIRST_SYNC_DELAY_MS = 5_000;
const STEP_MS = 1_000;

interface RunningSync {
  correlationId: string;
  operation: "history_sync" | "library_scan";
  startedMs: number;
  nextStepMs: number;
  done: number;
  total: number;
}

/**
 * One room's periodic sync: `sync_progress` running with progress rising from 0, then
 * `completed` at 1, then a `sync_completed` summary. A library scan reports `{done,total}`
 * items; a history sync a fraction, so dashboards see both shapes the protocol allows.
 */
export class SyncCycle {
  private running: RunningSync | undefined;
  private nextStartMs: number;
  private count = 0;

  constructor(
    private readonly room: string,
    private readonly serverId: string,
    private readonly random: Random,
    startMs: number,
  ) {
    this.nextStartMs = startMs + FIRST_SYNC_DELAY_MS;
  }

  /** Events due at `nowMs`. `newPlaybacks` is what the summary reports when a sync ends now. */
  tick(nowMs: number, newPlaybacks: number): PublishInput[] {
    const sync = this.running;
    if (sync === undefined) return nowMs >= this.nextStartMs ? [this.start(nowMs)] : [];
    if (nowMs < sync.nextStepMs) return [];
    sync.done = Math.min(sync.total, sync.done + int(this.random, 1, Math.ceil(sync.total / 3)));
    sync.nextStepMs = nowMs + STEP_MS;
    if (sync.done < sync.total) return [this.progress(sync, "running")];
    this.running = undefined;
    this.nextStartMs = nowMs + SYNC_INTERVAL_MS + int(this.random, -SYNC_JITTER_MS, SYNC_JITTER_MS);
    return [
      this.progress(sync, "completed"),
      {
        room: this.room,
        type: "sync_completed",
        data: {
          timestamp: iso(nowMs),
          new_playbacks: newPlaybacks,
          sync_duration_ms: nowMs - sync.startedMs,
          correlation_id: sync.correlationId,
          server_id: this.serverId,
        },
      },
    ];
  }

  private start(nowMs: number): PublishInput {
    this.count += 1;
    const scan = chance(this.random, 0.3);
    const sync: RunningSync = {
      correlationId: `sync-${this.serverId}-${this.count}-${hex(this.random, 6)}`,
      operation: scan ? "library_scan" : "history_sync",
      startedMs: nowMs,
      nextStepMs: nowMs + STEP_MS,
      done: 0,
      // Scans count library items; a history sync counts pages of the server's history.
      total: scan ? int(this.random, 800, 6000) : int(this.random, 4, 10),
    };
    this.running = sync;
    return this.progress(sync, "running");
  }

  private progress(sync: RunningSync, status: "running" | "completed"): PublishInput {
    const scan = sync.operation === "library_scan";
    const data: SyncProgressData = {
      correlation_id: sync.correlationId,
      operation: sync.operation,
      status,
      progress: scan
        ? { done: sync.done, total: sync.total }
        : Math.round((sync.done / sync.total) * 1000) / 1000,
      message: status === "completed" ? "Sync finished" : describe(sync),
      server_id: this.serverId,
    };
    return { room: this.room, type: "sync_progress", data };
  }
}

function describe(sync: RunningSync): string {
  return sync.operation === "library_scan"
    ? `Scanning library: ${sync.done} of ${sync.total} items`
    : `Importing watch history: page ${sync.done} of ${sync.total}`;
}
