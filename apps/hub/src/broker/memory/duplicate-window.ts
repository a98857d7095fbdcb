import { DUPLICATE_WINDOW_MS } from "../broker.js";

/**
 * Idempotency keys seen within the duplicate window and the sequence each was stored under,
 * as JetStream's `Nats-Msg-Id` handling does for the NATS engine. Entries expire in insertion
 * order, so pruning is a walk from the front of the Map that stops at the first live entry.
 */
export class DuplicateWindow {
  private readonly seen = new Map<string, { seq: number; at: number }>();

  constructor(
    private readonly windowMs = DUPLICATE_WINDOW_MS,
    private readonly now: () => number = Date.now,
  ) {}

  /** The sequence stored under `key` within the window, if any. */
  lookup(key: string): number | undefined {
    this.prune();
    return this.seen.get(key)?.seq;
  }

  remember(key: string, seq: number): void {
    this.seen.set(key, { seq, at: this.now() });
  }

  private prune(): void {
    const oldest = this.now() - this.windowMs;
    for (const [key, entry] of this.seen) {
      if (entry.at > oldest) return;
      this.seen.delete(key);
    }
  }
}
