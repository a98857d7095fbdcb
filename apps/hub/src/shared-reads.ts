/**
 * Coalesces concurrent identical reads: while a read for a key runs, every other request for
 * the same key gets the same promise instead of starting its own. After a restart thousands of
 * clients ask for the same rooms' history at once; without this each would read the stream
 * (one JetStream consumer and the same events fetched again and again). The result is shared
 * as is: callers must treat it as read-only. Nothing is cached after the read settles (a
 * later request reads again), and a failed read fails every sharer, each of which may retry
 * (and then shares the retry).
 */
export class SharedReads<T> {
  private readonly running = new Map<string, Promise<T>>();
  /** Reads started (each one a real read of the source). */
  started = 0;
  /** Requests that joined a read already running instead of starting one. */
  joined = 0;

  /** Reads running now. */
  get inFlight(): number {
    return this.running.size;
  }

  /** Whether a read for this key runs now (a request would join it). */
  isRunning(key: string): boolean {
    return this.running.has(key);
  }

  read(key: string, start: () => Promise<T>): Promise<T> {
    const running = this.running.get(key);
    if (running !== undefined) {
      this.joined++;
      return running;
    }
    this.started++;
    const promise = start().finally(() => this.running.delete(key));
    this.running.set(key, promise);
    return promise;
  }
}
