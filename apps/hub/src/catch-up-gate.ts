/**
 * At most `limit` catch-up reads run at once in a hub; the others wait in one FIFO queue.
 * Fair across connections by construction: a connection runs its subscription changes one at
 * a time (MAX_PENDING_OPERATIONS), so it has at most one catch-up waiting here, and one that
 * comes back for more goes to the end of the queue behind everyone already waiting.
 */
export class CatchUpGate {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly limit: number) {}

  /** Catch-ups waiting for a slot now. */
  get queued(): number {
    return this.waiting.length;
  }

  /** Catch-ups holding a slot now. */
  get active(): number {
    return this.running;
  }

  /** Resolves with the release of a slot (call it exactly once, whatever happens). */
  async acquire(): Promise<() => void> {
    if (this.running < this.limit) {
      this.running++;
    } else {
      // The slot is handed over by release(): `running` stays the same.
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      if (next === undefined) this.running--;
      else next();
    };
  }
}
