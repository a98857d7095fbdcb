/**
 * Fixed-capacity store of items keyed by a strictly increasing sequence (1, 2, 3, ...).
 * Appending past capacity overwrites the oldest item. Lookups by sequence are O(1).
 */
export class SequenceRing<T extends { seq: number }> {
  private readonly slots: (T | undefined)[];
  private last = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(`ring capacity must be a positive integer, got ${capacity}`);
    }
    this.slots = new Array<T | undefined>(capacity);
  }

  /** Newest sequence stored; 0 when empty. */
  get lastSeq(): number {
    return this.last;
  }

  /** Oldest sequence still stored; `lastSeq + 1` when empty. */
  get firstSeq(): number {
    return Math.max(1, this.last - this.capacity + 1);
  }

  append(item: T): void {
    if (item.seq !== this.last + 1) {
      throw new RangeError(`expected seq ${this.last + 1}, got ${item.seq}`);
    }
    this.slots[(item.seq - 1) % this.capacity] = item;
    this.last = item.seq;
  }

  /** The item with this sequence, or undefined if it was never stored or was overwritten. */
  get(seq: number): T | undefined {
    if (seq < 1 || seq > this.last) return undefined;
    const item = this.slots[(seq - 1) % this.capacity];
    return item?.seq === seq ? item : undefined;
  }
}
