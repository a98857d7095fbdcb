interface Entry {
  frame: Buffer;
  /** Coalescing key (room + latest-value key); undefined for events that must all arrive. */
  key: string | undefined;
  superseded: boolean;
}

/**
 * A connection's pending outbound frames, in order. Bounded by the caller (it reads `length`
 * and `bytes`); latest-value frames with the same key replace their queued predecessor, which
 * is what lets a slow dashboard keep up with a fast stats stream.
 */
export class OutboundQueue {
  private entries: (Entry | undefined)[] = [];
  private head = 0;
  private readonly byKey = new Map<string, Entry>();
  private count = 0;
  private size = 0;

  /** Frames waiting to be written. */
  get length(): number {
    return this.count;
  }

  /** Bytes waiting to be written. */
  get bytes(): number {
    return this.size;
  }

  /** Appends a frame; returns how many queued frames it superseded (0 or 1). */
  push(frame: Buffer, key?: string): number {
    const entry: Entry = { frame, key, superseded: false };
    let superseded = 0;
    if (key !== undefined) {
      const previous = this.byKey.get(key);
      if (previous !== undefined) {
        // Leave a tombstone instead of splicing: O(1), and order of the rest is untouched.
        previous.superseded = true;
        this.count--;
        this.size -= previous.frame.length;
        superseded = 1;
      }
      this.byKey.set(key, entry);
    }
    this.entries.push(entry);
    this.count++;
    this.size += frame.length;
    if (superseded > 0 && this.entries.length - this.head > 4 * (this.count + 16)) this.compact();
    return superseded;
  }

  /** Removes and returns the oldest frame, or undefined when empty. */
  shift(): Buffer | undefined {
    while (this.head < this.entries.length) {
      const entry = this.entries[this.head];
      this.entries[this.head] = undefined;
      this.head++;
      if (entry === undefined || entry.superseded) continue;
      if (entry.key !== undefined && this.byKey.get(entry.key) === entry)
        this.byKey.delete(entry.key);
      this.count--;
      this.size -= entry.frame.length;
      if (this.head >= 1024 && this.head * 2 >= this.entries.length) this.compact();
      return entry.frame;
    }
    return undefined;
  }

  clear(): void {
    this.entries = [];
    this.head = 0;
    this.byKey.clear();
    this.count = 0;
    this.size = 0;
  }

  private compact(): void {
    this.entries = this.entries
      .slice(this.head)
      .filter((entry) => entry !== undefined && !entry.superseded);
    this.head = 0;
  }
}
