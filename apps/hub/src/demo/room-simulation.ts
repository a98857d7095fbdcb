import type { PublishInput } from "@pulseboard/protocol";
import { detectionAlertData } from "./alerts.js";
import { SOURCES } from "./catalog.js";
import { playbackData, type RoomStats, statsUpdateData } from "./generators.js";
import { hex, int, pick, type Random } from "./random.js";
import { SyncCycle } from "./sync-cycle.js";

export const STATS_INTERVAL_MS = 2_000;
/** Mean time between detection alerts in a room: occasional, not a flood. */
export const ALERT_MEAN_INTERVAL_MS = 20_000;
/**
 * Longest stretch one tick may account for. After the process was suspended (laptop sleep,
 * debugger) the demo resumes at its normal pace instead of bursting out the missed backlog.
 */
const MAX_TICK_SPAN_MS = 5_000;

export interface RoomSimulationOptions {
  room: string;
  random: Random;
  /** Playbacks per second in this room. */
  rate: number;
  startMs: number;
}

/** One simulated media server whose traffic goes to one room. */
export class RoomSimulation {
  readonly room: string;
  private readonly random: Random;
  private readonly rate: number;
  private readonly source: string;
  private readonly serverId: string;
  private readonly sync: SyncCycle;
  private readonly seenUsers = new Set<number>();
  private readonly stats: RoomStats;
  /** Users seen before the demo started: the server has a history. */
  private readonly knownUsers: number;
  private lastTickMs: number;
  private nextStatsMs: number;
  private playbackBudget = 0;
  private playbacksSinceSync = 0;
  private alertCount = 0;

  constructor(options: RoomSimulationOptions) {
    this.room = options.room;
    this.random = options.random;
    this.rate = options.rate;
    this.source = pick(this.random, SOURCES);
    this.serverId = `${this.source}-${hex(this.random, 4)}`;
    this.sync = new SyncCycle(this.room, this.serverId, this.random, options.startMs);
    this.knownUsers = int(this.random, 40, 400);
    this.stats = {
      totalCount: int(this.random, 5_000, 80_000),
      uniqueUsers: this.knownUsers,
      lastPlayback: undefined,
    };
    this.lastTickMs = options.startMs;
    // The first tick reports stats, so a dashboard has numbers right away.
    this.nextStatsMs = options.startMs;
  }

  /** Everything that happened in the room since the previous tick, in order. */
  tick(nowMs: number): PublishInput[] {
    const span = Math.min(Math.max(0, nowMs - this.lastTickMs), MAX_TICK_SPAN_MS);
    this.lastTickMs = nowMs;
    const events: PublishInput[] = [];
    this.addPlaybacks(events, nowMs, span);
    if (this.random() < span / ALERT_MEAN_INTERVAL_MS) {
      this.alertCount += 1;
      const data = detectionAlertData(this.random, nowMs, this.alertCount);
      events.push({ room: this.room, type: "detection_alert", data });
    }
    const sync = this.sync.tick(nowMs, this.playbacksSinceSync);
    if (sync.some((event) => event.type === "sync_completed")) this.playbacksSinceSync = 0;
    events.push(...sync);
    if (nowMs >= this.nextStatsMs) {
      events.push({
        room: this.room,
        type: "stats_update",
        data: statsUpdateData(nowMs, this.stats),
      });
      // Schedule from now, not from the missed slot: no burst of stale updates after a stall.
      this.nextStatsMs = Math.max(this.nextStatsMs + STATS_INTERVAL_MS, nowMs + 1);
    }
    return events;
  }

  private addPlaybacks(events: PublishInput[], nowMs: number, span: number): void {
    // Jitter each tick's share (mean 1) so arrivals look irregular but keep the average rate.
    this.playbackBudget += ((this.rate * span) / 1000) * (0.5 + this.random());
    const context = { nowMs, source: this.source, serverId: this.serverId };
    while (this.playbackBudget >= 1) {
      this.playbackBudget -= 1;
      const data = playbackData(this.random, context);
      this.stats.totalCount += 1;
      this.stats.lastPlayback = data;
      if (typeof data.user_id === "number") this.seenUsers.add(data.user_id);
      // Catalog users count as new to this server's history: unique_users grows as they show up.
      this.stats.uniqueUsers = this.knownUsers + this.seenUsers.size;
      this.playbacksSinceSync += 1;
      events.push({ room: this.room, type: "playback", data });
    }
  }
}
