import { playbackData } from "../../payload.js";
import type { ProduceResult } from "../../peers/producer.js";
import { produce } from "../../peers/producer.js";
import { benchNowMs } from "./clock.js";
import type { Publisher } from "./publisher.js";

/** What every marked event's row starts with: the page's probe looks for it. */
export const MARKER_PREFIX = "pb-";

/**
 * The fan-out benchmark's `playback` events on its fixed schedule (the events due go out
 * together once per tick, one publish call per tick), each one marked: its `username`, the
 * part of the feed row a reader sees first, is the event's id, so the page's probe can tell
 * which event a new row shows. The publish time of every event is taken on the bench clock
 * just before its batch is handed to the publisher.
 */
export class MarkerProducer {
  /** Event id → publish time (bench clock, ms). */
  readonly publishedAt = new Map<string, number>();
  publishErrors = 0;
  firstError: string | undefined;
  private readonly pending = new Set<Promise<void>>();

  constructor(
    private readonly publisher: Publisher,
    readonly room: string,
  ) {}

  run(rate: number, durationMs: number, tickMs: number): Promise<ProduceResult> {
    let batch: Parameters<Publisher["publish"]>[0] = [];
    return produce({ rate, durationMs, tickMs }, (data) => {
      // produce() emits the events due in one synchronous loop: flush them together after it.
      if (batch.length === 0) {
        queueMicrotask(() => {
          const events = batch;
          batch = [];
          this.flush(events);
        });
      }
      batch.push({ room: this.room, type: "playback", data: { ...data, username: data.id } });
    });
  }

  /**
   * One unmarked playback, published and stored before the run: every tab renders its feed
   * with it, so the observers are in place before the first marked event.
   */
  async seed(): Promise<void> {
    const data = { ...playbackData(0, 0), id: `${this.room}-seed`, username: "seed" };
    await this.publisher.publish([{ room: this.room, type: "playback", data }]);
  }

  /** Resolves once every publish so far has been answered. */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.pending]);
  }

  private flush(events: Parameters<Publisher["publish"]>[0]): void {
    const at = benchNowMs();
    for (const event of events) this.publishedAt.set(String(event.data.id), at);
    const done: Promise<void> = this.publisher.publish(events).then(
      () => {
        this.pending.delete(done);
      },
      (error: unknown) => {
        this.publishErrors += events.length;
        this.firstError ??= String(error).split("\n")[0];
        this.pending.delete(done);
      },
    );
    this.pending.add(done);
  }
}
