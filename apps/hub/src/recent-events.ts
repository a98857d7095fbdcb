import type { BrokerEvent } from "./broker/broker.js";

/**
 * The last `capacity` events this hub's live feed delivered (every room), and no more than
 * `maxBytes` of their `data` JSON (characters), so that a resume
 * whose `since` falls inside them is answered from memory, without a stream read: the common
 * case of a restart storm, where every client missed only the last seconds.
 *
 * Invariant: every event the live feed delivered with `coveredAfter < seq <= lastSeq` is held.
 * The live feed delivers every stored event in seq order (invalid ones excepted, which a
 * stream replay skips too), so a range inside that window is exactly what a replay would read.
 */
export class RecentEvents {
  private events: BrokerEvent[] = [];
  /** Index of the oldest held event in `events` (dropped lazily, in chunks). */
  private head = 0;
  private coveredAfterSeq = 0;
  private lastSeq = 0;
  /** `dataJson` characters of the held events. */
  private bytes = 0;
  /**
   * Whether the held events start at the stream's first retained event (the seed read it all
   * and nothing was evicted since): then a room with fewer events held than a history asks for
   * has no more anywhere, and `newest` can answer for it without a stream read.
   */
  private fromStreamStart = false;

  constructor(
    private readonly capacity: number,
    private readonly maxBytes: number,
  ) {}

  /** Every delivered event after this seq is held (through the newest one recorded). */
  get coveredAfter(): number {
    return this.coveredAfterSeq;
  }

  get size(): number {
    return this.events.length - this.head;
  }

  /** Forgets everything and covers nothing until `start`: the live feed is being (re)opened. */
  restart(): void {
    this.events = [];
    this.head = 0;
    this.bytes = 0;
    this.coveredAfterSeq = Number.POSITIVE_INFINITY;
    this.lastSeq = 0;
    this.fromStreamStart = false;
  }

  /** The live feed opened right after `startSeq`: what it delivers from there is covered. */
  start(startSeq: number): void {
    this.events = this.events.slice(this.head).filter((event) => event.seq > startSeq);
    this.head = 0;
    this.bytes = this.events.reduce((total, event) => total + event.dataJson.length, 0);
    this.coveredAfterSeq = startSeq;
    this.lastSeq = Math.max(this.lastSeq, startSeq);
  }

  /** A live event, in seq order. */
  record(event: BrokerEvent): void {
    if (this.capacity === 0 || event.seq <= this.lastSeq) return;
    this.events.push(event);
    this.bytes += event.dataJson.length;
    this.lastSeq = event.seq;
    while (this.overBound()) this.evictOldest();
  }

  /**
   * Older events read from the stream: every event in `(afterSeq, coveredAfter]`, in seq order
   * (a complete read, e.g. a replay of every room). Keeps at most `capacity` in all.
   */
  prepend(
    afterSeq: number,
    older: readonly BrokerEvent[],
    { fromStreamStart = false }: { fromStreamStart?: boolean } = {},
  ): void {
    if (this.capacity === 0 || afterSeq >= this.coveredAfterSeq) return;
    this.fromStreamStart = fromStreamStart;
    const kept = older.filter((event) => event.seq <= this.coveredAfterSeq);
    this.events = [...kept, ...this.events.slice(this.head)];
    this.head = 0;
    this.bytes += kept.reduce((total, event) => total + event.dataJson.length, 0);
    this.coveredAfterSeq = afterSeq;
    while (this.overBound()) this.evictOldest();
  }

  /** Whether `(afterSeq, throughSeq]` is wholly held. */
  covers(afterSeq: number, throughSeq: number): boolean {
    return afterSeq >= this.coveredAfterSeq && throughSeq <= this.lastSeq;
  }

  /** The held events of `rooms` in `(afterSeq, throughSeq]`, in seq order (a copy). */
  range(rooms: ReadonlySet<string>, afterSeq: number, throughSeq: number): BrokerEvent[] {
    const found: BrokerEvent[] = [];
    let index = this.firstAfter(afterSeq);
    for (; index < this.events.length; index++) {
      const event = this.events[index] as BrokerEvent;
      if (event.seq > throughSeq) break;
      if (rooms.has(event.room)) found.push(event);
    }
    return found;
  }

  /**
   * The newest `perRoom` held events of each room with seq <= `throughSeq`, in seq order, or
   * undefined when the held events cannot tell: a room has fewer held and older ones may exist
   * in the stream. A backward scan that stops as soon as every room has its count.
   */
  newest(rooms: readonly string[], perRoom: number, throughSeq: number): BrokerEvent[] | undefined {
    if (this.capacity === 0 || throughSeq > this.lastSeq) return undefined;
    const missing = new Map(rooms.map((room) => [room, perRoom]));
    let wanting = perRoom > 0 ? missing.size : 0;
    const found: BrokerEvent[] = [];
    for (let index = this.firstAfter(throughSeq) - 1; index >= this.head && wanting > 0; index--) {
      const event = this.events[index] as BrokerEvent;
      const left = missing.get(event.room);
      if (left === undefined || left === 0) continue;
      found.push(event);
      missing.set(event.room, left - 1);
      if (left === 1) wanting--;
    }
    const complete = this.coveredAfterSeq === 0 || this.fromStreamStart;
    if (wanting > 0 && !complete) return undefined;
    return found.reverse();
  }

  private overBound(): boolean {
    return this.size > 0 && (this.size > this.capacity || this.bytes > this.maxBytes);
  }

  private evictOldest(): void {
    const oldest = this.events[this.head];
    if (oldest === undefined) return;
    this.bytes -= oldest.dataJson.length;
    this.coveredAfterSeq = oldest.seq;
    this.fromStreamStart = false;
    this.head++;
    // Compact once the dead prefix is as long as what is held: amortized O(1) per event.
    if (this.head >= this.capacity) {
      this.events = this.events.slice(this.head);
      this.head = 0;
    }
  }

  /** Index of the first held event with seq > `seq` (binary search: seqs ascend). */
  private firstAfter(seq: number): number {
    let low = this.head;
    let high = this.events.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if ((this.events[mid] as BrokerEvent).seq <= seq) low = mid + 1;
      else high = mid;
    }
    return low;
  }
}
