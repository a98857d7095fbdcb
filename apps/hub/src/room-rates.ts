import type { ConnectionWriter } from "./delivery/writer.js";

/**
 * The subscribers of one room on this hub, and how many events the room has had since it got
 * its first one. Fan-out adds one to `events` per event (never per subscriber), so counting
 * costs one increment on a hot path that already holds this object.
 */
export class RoomMembers extends Set<ConnectionWriter> {
  events = 0;
  constructor(readonly since: number) {
    super();
  }
}

export interface RoomRatesOptions {
  /** The rate is taken over this much time (less while the room is younger). */
  windowMs: number;
  /** How often event counts are sampled; the window is a whole number of these. */
  sampleMs: number;
  now?: () => number;
}

interface Sample {
  at: number;
  counts: Map<RoomMembers, number>;
}

/**
 * Events per second of each room this hub follows, over the last `windowMs`. A timer copies
 * every room's count every `sampleMs`; a rate is the count now minus the count in the oldest
 * sample still in the window, over the time between. Samples key rooms by their RoomMembers
 * object, so a room that emptied and filled again starts over instead of going negative.
 *
 * Memory is bounded by the rooms this hub has subscribers in (windowMs / sampleMs numbers
 * each): events for rooms nobody here follows are not counted at all.
 */
export class RoomRates {
  private readonly samples: Sample[] = [];
  private timer: NodeJS.Timeout | undefined;
  private readonly now: () => number;

  constructor(
    private readonly rooms: ReadonlyMap<string, RoomMembers>,
    private readonly options: RoomRatesOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  start(): void {
    this.timer ??= setInterval(() => this.sample(), this.options.sampleMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Copies the current counts; the oldest sample leaves once a newer one spans the window. */
  sample(): void {
    const counts = new Map<RoomMembers, number>();
    for (const members of this.rooms.values()) counts.set(members, members.events);
    const at = this.now();
    this.samples.push({ at, counts });
    while ((this.samples[1]?.at ?? Number.POSITIVE_INFINITY) <= at - this.options.windowMs) {
      this.samples.shift();
    }
  }

  /** Events per second of `room` (0 for a room without subscribers here). */
  rate(room: string): number {
    const members = this.rooms.get(room);
    if (members === undefined) return 0;
    const now = this.now();
    const oldest = this.samples.find((sample) => sample.counts.has(members));
    const [from, count] =
      oldest === undefined ? [members.since, 0] : [oldest.at, oldest.counts.get(members) as number];
    // At least a second: one event in a room a millisecond old is not 1000 events/s.
    const seconds = Math.max((now - from) / 1000, 1);
    return (members.events - count) / seconds;
  }
}
