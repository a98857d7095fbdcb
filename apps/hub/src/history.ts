import type { BrokerEvent, EventStream } from "./broker/broker.js";
import type { CatchUpGate } from "./catch-up-gate.js";
import type { RangeReads } from "./range-reads.js";
import type { RecentEvents } from "./recent-events.js";
import { SharedReads } from "./shared-reads.js";

export interface HistoryOptions {
  stream: Pick<EventStream, "history" | "snapshot">;
  /** The hub's recent events: most history is answered from there, without a stream read. */
  recent: RecentEvents;
  /** The live feed's epoch (a read of another epoch is never shared with this one's). */
  epoch: () => string;
  /** Highest seq the live feed delivered: the hub's head. */
  seq: () => number;
  /** Stream reads take a catch-up slot (HUB_CATCHUP_CONCURRENCY), one per shared read. */
  gate: CatchUpGate;
  /** HUB_HISTORY_LIMIT: larger requests are clamped to it. */
  limit: number;
  /** The tail after a shared read, up to a boundary: recent events, else shared and gated. */
  ranges: Pick<RangeReads, "read">;
}

/** A catch-up as `/state` answers it: its events and its boundary, in an epoch. */
export interface HistoryState {
  epoch: string;
  boundary: number;
  events: BrokerEvent[];
}

/** A page of `/events`. */
export interface HistoryPage {
  epoch: string;
  events: BrokerEvent[];
  more: boolean;
}

/** The newest events of rooms read from the stream through `through` (a shared read). */
export interface HistoryBase {
  through: number;
  events: readonly BrokerEvent[];
}

/**
 * History (protocol 1.1, "History"): the newest N events of rooms, for subscriptions opened
 * with `history` and for `/api/v1/rooms/{room}/events|state`.
 *
 * Where the events come from, cheapest first:
 * 1. the hub's recent events (`RecentEvents.newest`): the last HUB_RECENT_EVENTS events of
 *    every room, in memory. A restart storm of clients asking for history=50 is answered from
 *    there: the hub read those events once when its live feed opened.
 * 2. the stream (`EventStream.history`, read backwards in windows), for rooms too quiet to have
 *    N events among the recent ones, through a catch-up slot, and SHARED: concurrent requests
 *    for the same rooms and count join one read (shared-reads.ts). A request that joins a read
 *    started earlier gets events through that read's head; what came after, up to its own
 *    boundary, it takes from the recent events (or a replay of that short range), so sharing
 *    costs nothing in exactness.
 *
 * A catch-up is the union of the newest N and the snapshot, in seq order, no seq twice.
 */
export class HistoryReader {
  private readonly shared = new SharedReads<HistoryBase>();

  constructor(private readonly options: HistoryOptions) {}

  /** Stream reads started and requests that joined one already running. */
  get sharing(): { started: number; joined: number } {
    return { started: this.shared.started, joined: this.shared.joined };
  }

  /** A requested count within 0..HUB_HISTORY_LIMIT. */
  clamp(requested: number | undefined): number {
    return Math.min(Math.max(0, Math.floor(requested ?? 0)), this.options.limit);
  }

  /**
   * First step of a catch-up, before its boundary: undefined when the recent events can answer
   * now, else the shared stream read of the rooms' newest `perRoom` through the head.
   */
  async base(rooms: readonly string[], perRoom: number): Promise<HistoryBase | undefined> {
    const { recent, seq } = this.options;
    if (perRoom === 0 || recent.newest(rooms, perRoom, seq()) !== undefined) return undefined;
    const key = `${this.options.epoch()}\u0000${[...rooms].sort().join(",")}\u0000${perRoom}`;
    return this.shared.read(key, async () => {
      const release = await this.options.gate.acquire();
      try {
        const through = seq();
        const events = await this.options.stream.history({ rooms, perRoom, throughSeq: through });
        return { through, events };
      } finally {
        release();
      }
    });
  }

  /**
   * Second step, at the boundary the caller took (and joined its rooms at) after `base`: the
   * newest `perRoom` of each room through `boundary` ∪ their snapshot, in seq order.
   */
  async complete(
    rooms: readonly string[],
    perRoom: number,
    base: HistoryBase | undefined,
    boundary: number,
  ): Promise<BrokerEvent[]> {
    const newest = await this.newestAt(rooms, perRoom, base, boundary);
    const { stream } = this.options;
    const snapshots = await Promise.all(rooms.map((room) => stream.snapshot(room)));
    // Newer snapshot values reach a socket live (seq > boundary); sending them now would
    // duplicate.
    return unionBySeq(newest, snapshots.flat(), boundary);
  }

  /**
   * `/state`: exactly what a socket opened with `history=requested` on these rooms gets before
   * `subscribed`, and that `subscribed`'s seq (`boundary`): where to resume from.
   */
  async state(rooms: readonly string[], requested: number | undefined): Promise<HistoryState> {
    const perRoom = this.clamp(requested);
    const base = await this.base(rooms, perRoom);
    const epoch = this.options.epoch();
    const boundary = this.options.seq();
    const events = await this.complete(rooms, perRoom, base, boundary);
    return { epoch, boundary, events };
  }

  /**
   * `/events`: up to `limit` of the room's newest events with seq < `before` (default: through
   * the head), and whether older ones remain.
   */
  async before(room: string, limit: number, before: number | undefined): Promise<HistoryPage> {
    const epoch = this.options.epoch();
    const head = this.options.seq();
    const through = before === undefined ? head : Math.min(before - 1, head);
    const found = through <= 0 ? [] : await this.page(room, limit + 1, through);
    return { epoch, events: found.slice(-limit), more: found.length > limit };
  }

  /**
   * The newest `limit` events of a room with seq <= `through` (HTTP paging): from the recent
   * events, else one shared stream read per identical page.
   */
  private async page(room: string, limit: number, through: number): Promise<BrokerEvent[]> {
    const held = this.options.recent.newest([room], limit, through);
    if (held !== undefined) return held;
    const key = `${this.options.epoch()}\u0000${room}\u0000${limit}\u0000${through}`;
    const base = await this.shared.read(key, async () => {
      const release = await this.options.gate.acquire();
      try {
        const request = { rooms: [room], perRoom: limit, throughSeq: through };
        return { through, events: await this.options.stream.history(request) };
      } finally {
        release();
      }
    });
    return [...base.events];
  }

  private async newestAt(
    rooms: readonly string[],
    perRoom: number,
    base: HistoryBase | undefined,
    boundary: number,
  ): Promise<BrokerEvent[]> {
    const { recent, stream, ranges } = this.options;
    if (perRoom === 0) return [];
    if (base === undefined) {
      const held = recent.newest(rooms, perRoom, boundary);
      if (held !== undefined) return held;
      // The recent events moved on between the two steps: read what they no longer tell.
      return stream.history({ rooms, perRoom, throughSeq: boundary });
    }
    const older = base.events.filter((event) => event.seq <= boundary);
    const after = Math.min(base.through, boundary);
    const newer = await ranges.read(rooms, after, boundary);
    return newestPerRoom([...older, ...newer], perRoom);
  }
}

/** The last `perRoom` of each room of events in seq order, kept in seq order. */
function newestPerRoom(events: readonly BrokerEvent[], perRoom: number): BrokerEvent[] {
  const left = new Map<string, number>();
  const kept: BrokerEvent[] = [];
  for (let index = events.length - 1; index >= 0; index--) {
    const event = events[index] as BrokerEvent;
    const count = left.get(event.room) ?? perRoom;
    if (count === 0) continue;
    left.set(event.room, count - 1);
    kept.push(event);
  }
  return kept.reverse();
}

/** Both lists' events with seq <= `through`, in seq order, each seq once. */
function unionBySeq(
  first: readonly BrokerEvent[],
  second: readonly BrokerEvent[],
  through: number,
): BrokerEvent[] {
  const bySeq = new Map<number, BrokerEvent>();
  for (const event of [...first, ...second]) {
    if (event.seq <= through) bySeq.set(event.seq, event);
  }
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}
