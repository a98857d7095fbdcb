import type { TestHub } from "@pulseboard/hub/testing";
import type { PlaybackData } from "../payload.js";
import { type ProducePlan, type ProduceResult, produce } from "../peers/producer.js";

type PublishInput = Parameters<TestHub["publish"]>[0][number];

/**
 * What one dashboard room receives during a run, published straight into the hub's broker:
 * the fan-out benchmark's ~210-byte `playback` events on its fixed schedule (the events due
 * go out together once per tick), a `stats_update` at a fixed interval whatever the rate (so
 * the stat cards change in every run), and the detection alerts the clicks acknowledge.
 */
export class RoomProducer {
  readonly published = { playback: 0, stats_update: 0, detection_alert: 0 };
  publishErrors = 0;
  /** The newest playback published: the one the feed must show on top at the end. */
  lastPlayback: PlaybackData | undefined;
  private readonly pending = new Set<Promise<unknown>>();

  constructor(
    private readonly hub: TestHub,
    readonly room: string,
  ) {}

  /**
   * Playbacks on `plan`'s schedule, stats alongside; resolves after the last playback, followed
   * by a last `stats_update` whose total counts every playback (the end-of-run check reads it).
   */
  async run(plan: ProducePlan, statsIntervalMs: number): Promise<ProduceResult> {
    const stats = setInterval(() => this.publishStats(), statsIntervalMs);
    try {
      return await produce(plan, (data) => {
        this.lastPlayback = data;
        this.published.playback++;
        this.publish({ room: this.room, type: "playback", data });
      });
    } finally {
      clearInterval(stats);
      this.publishStats();
    }
  }

  /** A warning (critical ones also raise toasts) with an Acknowledge button; returns its title. */
  publishAlert(n: number): string {
    const title = `Concurrent streams #${n}`;
    this.published.detection_alert++;
    this.publish({
      room: this.room,
      type: "detection_alert",
      data: {
        id: `${this.room}-alert-${n}`,
        rule_type: "concurrent_streams",
        user_id: n % 997,
        username: `user${(n % 997).toString().padStart(4, "0")}`,
        severity: "warning",
        title,
        message: `${title}: 3 streams from 2 addresses (bench)`,
        created_at: new Date().toISOString(),
      },
    });
    return title;
  }

  /** Resolves once every publish so far was accepted by the broker. */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.pending]);
  }

  private publishStats(): void {
    this.published.stats_update++;
    this.publish({
      room: this.room,
      type: "stats_update",
      data: {
        timestamp: new Date().toISOString(),
        total_count: this.published.playback,
        unique_users: Math.min(this.published.playback, 997),
      },
    });
  }

  private publish(event: PublishInput): void {
    const done: Promise<void> = this.hub.publish([event]).then(
      () => {
        this.pending.delete(done);
      },
      () => {
        this.publishErrors++;
        this.pending.delete(done);
      },
    );
    this.pending.add(done);
  }
}
