import type { ResetReason } from "@pulseboard/protocol";

/** Where to resume from: the query parameters `since` and `epoch` of the next connection. */
export interface ResumePoint {
  since: number;
  epoch: string | undefined;
}

/**
 * The client's position in the hub's sequence, and the rule that hands every event on exactly
 * once: an event with seq ≤ the highest seq processed is a duplicate and is dropped.
 *
 * The exception is a snapshot. Rooms subscribed afresh, or reset, receive their latest values
 * with whatever (older) seq those had; until the `subscribed` that ends their catch-up their
 * events are taken as they come. Snapshot seqs above the floor are remembered so that a later
 * replay of the same seq (after a reconnect) is still recognised as a duplicate.
 */
export class ResumeCursor {
  private epoch: string | undefined;
  private lastSeq = 0;
  /** False until `lastSeq` means something to the hub; resuming from 0 would replay everything. */
  private positioned = false;
  private readonly catchingUp = new Set<string>();
  private readonly aheadSeqs = new Set<number>();

  /** Highest seq processed (0 before the first). */
  get seq(): number {
    return this.lastSeq;
  }

  get currentEpoch(): string | undefined {
    return this.epoch;
  }

  /** What the next connection should ask for, or undefined for a fresh start (snapshot). */
  resumePoint(): ResumePoint | undefined {
    return this.positioned ? { since: this.lastSeq, epoch: this.epoch } : undefined;
  }

  /**
   * Starts from a known position, e.g. the `{epoch, seq}` of a server-rendered state the store
   * was hydrated with: the next connection resumes from it (`since=seq&epoch=epoch`).
   */
  position(point: ResumePoint): void {
    this.lastSeq = point.since;
    this.epoch = point.epoch;
    this.positioned = true;
    this.aheadSeqs.clear();
  }

  /** Whether the room's events are a snapshot or history (its catch-up has not ended yet). */
  isCatchingUp(room: string): boolean {
    return this.catchingUp.has(room);
  }

  /** A new socket: its catch-up starts over; rooms not resumed with `since` get a snapshot. */
  startConnection(rooms: Iterable<string>, resumed: boolean): void {
    this.catchingUp.clear();
    if (!resumed) this.beginSnapshot(rooms);
  }

  /** A different epoch means the sequence restarted: no seq we hold is comparable any more. */
  onWelcome(epoch: string, rooms: readonly string[]): void {
    if (this.epoch !== undefined && epoch !== this.epoch) this.forgetPosition();
    this.epoch = epoch;
    // With no rooms asked for, the hub picked its defaults; they get a snapshot too.
    if (!this.positioned) this.beginSnapshot(rooms);
  }

  /** Rooms about to receive a snapshot: their events bypass the floor until `subscribed`. */
  beginSnapshot(rooms: Iterable<string>): void {
    for (const room of rooms) this.catchingUp.add(room);
  }

  onReset(rooms: readonly string[], reason: ResetReason): void {
    // "ahead": the stream is behind our position (it was recreated); "epoch": it restarted.
    // Either way our seqs belong to another sequence. Retention and replay limits keep it.
    if (reason === "ahead" || reason === "epoch") this.forgetPosition();
    this.beginSnapshot(rooms);
  }

  /**
   * `subscribed` ends a catch-up. The one that answers the connection's own rooms (no `ref`)
   * also moves the position to its `seq`: everything up to it was replayed or snapshotted, so
   * a client that saw no event yet can still resume without a gap. Subscriptions added later
   * do not move it: live events of the other rooms queued before them may still be on the way.
   */
  onSubscribed(rooms: readonly string[], seq: number, endsConnectCatchUp: boolean): void {
    for (const room of rooms) this.catchingUp.delete(room);
    if (endsConnectCatchUp) {
      this.advance(seq);
      this.positioned = true;
    }
  }

  onUnsubscribed(rooms: readonly string[]): void {
    for (const room of rooms) this.catchingUp.delete(room);
  }

  /** Whether to hand the event on; false for one already processed. */
  accept(event: { room: string; seq: number }): boolean {
    if (this.catchingUp.has(event.room)) {
      if (event.seq > this.lastSeq) this.aheadSeqs.add(event.seq);
      return true;
    }
    if (event.seq <= this.lastSeq) return false;
    if (this.aheadSeqs.delete(event.seq)) return false;
    this.advance(event.seq);
    this.positioned = true;
    return true;
  }

  private advance(seq: number): void {
    if (seq <= this.lastSeq) return;
    this.lastSeq = seq;
    for (const ahead of this.aheadSeqs) if (ahead <= seq) this.aheadSeqs.delete(ahead);
  }

  private forgetPosition(): void {
    this.lastSeq = 0;
    this.positioned = false;
    this.aheadSeqs.clear();
  }
}
