import type { BrokerEvent, EventStream } from "./broker/broker.js";
import type { CatchUpGate } from "./catch-up-gate.js";
import type { RecentEvents } from "./recent-events.js";
import { SharedReads } from "./shared-reads.js";

export interface RangeReadsOptions {
  stream: Pick<EventStream, "replay">;
  recent: RecentEvents;
  gate: CatchUpGate;
  /** The live feed's epoch and head (highest seq it delivered). */
  epoch: () => string;
  seq: () => number;
}

/** What one shared tail read found: the events of the rooms in `(from, through]`. */
interface Chunk {
  through: number;
  events: readonly BrokerEvent[];
}

/**
 * The short "tail" a catch-up needs after joining a shared read: the events of its rooms
 * between that read's boundary and its own. From the recent events when they hold the range
 * (the default: they hold every event since the live feed opened, up to HUB_RECENT_EVENTS);
 * else from the stream, through a catch-up slot and SHARED as well, so a storm of joiners does
 * not turn into a storm of small reads: a read started for `(from, …]` runs through the head at
 * its start, and every request from the same `from` joins it; one whose boundary is newer
 * still continues from there (at most a couple of rounds, each started later than the last).
 */
export class RangeReads {
  private readonly shared = new SharedReads<Chunk>();

  constructor(private readonly options: RangeReadsOptions) {}

  /** Stream reads started and requests that joined one already running. */
  get sharing(): { started: number; joined: number } {
    return { started: this.shared.started, joined: this.shared.joined };
  }

  /** The events of `rooms` in `(after, through]`, in seq order. */
  async read(rooms: readonly string[], after: number, through: number): Promise<BrokerEvent[]> {
    const { recent } = this.options;
    const found: BrokerEvent[] = [];
    const roomSet = new Set(rooms);
    let from = after;
    while (from < through) {
      if (recent.covers(from, through)) {
        found.push(...recent.range(roomSet, from, through));
        break;
      }
      const chunk = await this.chunk(rooms, from);
      found.push(...chunk.events.filter((event) => event.seq <= through));
      // A new epoch restarted seqs (nothing newer can come from here): its clients are sent
      // away to resume anyway.
      if (chunk.through <= from) break;
      from = chunk.through;
    }
    return found;
  }

  private chunk(rooms: readonly string[], from: number): Promise<Chunk> {
    const { epoch, gate, seq, stream } = this.options;
    const key = `${epoch()}\u0000${[...rooms].sort().join(",")}\u0000${from}`;
    return this.shared.read(key, async () => {
      const release = await gate.acquire();
      try {
        const through = seq();
        const events: BrokerEvent[] = [];
        for await (const event of stream.replay({ rooms, afterSeq: from, throughSeq: through })) {
          events.push(event);
        }
        return { through, events };
      } finally {
        release();
      }
    });
  }
}
