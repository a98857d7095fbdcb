import type { PublishInput } from "@pulseboard/protocol";

export interface DemoLogger {
  warn(obj: object, msg: string): void;
}

export type PublishFn = (events: PublishInput[]) => Promise<number[]>;

/** Batches waiting or in flight; past this the broker is not keeping up and batches are dropped. */
const MAX_PENDING_BATCHES = 8;
/** A failing broker fails every tick; one warning per interval is enough to notice it. */
const WARN_INTERVAL_MS = 10_000;

/**
 * Publishes batches one after another, so events reach the broker in the order they were
 * generated (a sync's `completed` before its `sync_completed`). Failures are logged, never
 * thrown: the demo must not crash the hub it feeds.
 */
export class PublishQueue {
  private chain: Promise<void> = Promise.resolve();
  private pending = 0;
  private stopped = false;
  private failures = 0;
  private dropped = 0;
  private lastWarnMs = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly publish: PublishFn,
    private readonly logger: DemoLogger | undefined,
  ) {}

  send(events: PublishInput[]): void {
    if (this.stopped || events.length === 0) return;
    if (this.pending >= MAX_PENDING_BATCHES) {
      this.dropped += events.length;
      this.warn({ dropped: this.dropped }, "demo producer dropped events: publishing is backed up");
      return;
    }
    this.pending += 1;
    this.chain = this.chain
      // A batch queued before stop() is not published after it: the broker may be closing.
      .then(() => (this.stopped ? undefined : this.publish(events)))
      .then(
        () => undefined,
        (error: unknown) => {
          this.failures += 1;
          this.warn({ err: error, failures: this.failures }, "demo producer failed to publish");
        },
      )
      .finally(() => {
        this.pending -= 1;
      });
  }

  stop(): void {
    this.stopped = true;
  }

  private warn(obj: object, msg: string): void {
    const now = Date.now();
    if (now - this.lastWarnMs < WARN_INTERVAL_MS) return;
    this.lastWarnMs = now;
    try {
      this.logger?.warn(obj, msg);
    } catch {
      // A broken logger must not turn into an unhandled rejection in the hub.
    }
  }
}
