import {
  type BrokerEvent,
  type HistoryRequest,
  type ReplayRequest,
  ReplayTruncatedError,
  type StreamPosition,
} from "./broker.js";

/** What reading backwards needs of an engine: its retained range and forward range reads. */
export interface ForwardReads {
  position(): Promise<StreamPosition>;
  replay(request: ReplayRequest): AsyncIterable<BrokerEvent>;
}

/** Seqs the first window spans at least; each further window spans twice the one before. */
export const FIRST_WINDOW = 1_024;
/** ... up to this many seqs per window (one consumer each on NATS). */
export const MAX_WINDOW = 65_536;

/**
 * The newest `perRoom` events of each room with `seq <= throughSeq`, ascending: the stream is
 * read BACKWARDS in windows of seqs, each window forward (`replay`), newest window first,
 * until every room has its count or the retained start is reached.
 *
 * Why windows: JetStream reads forward only (a consumer starts at a seq and moves up), and a
 * room is not always one subject filter (the default room is `pulse.<room>.>` plus the playback
 * subject; servers before 2.10 take one filter per consumer), so "last N of a room" cannot be
 * asked of the server directly. A busy room fills its count in the first window (about
 * `2 × perRoom × rooms` seqs, at least FIRST_WINDOW); a quiet one costs a scan back to where
 * its events are, in windows that double (bounded by MAX_WINDOW), so the number of reads grows
 * with the logarithm of the distance, and memory holds at most `perRoom` events per room.
 * The hub answers most history requests from its recent events without calling this at all
 * (history.ts), and shares one call among identical concurrent requests (shared-reads.ts).
 *
 * Retention moving into a window while it is read is no error here: what it dropped is no
 * longer history, so the window is read again from the new start.
 */
export async function newestEvents(
  source: ForwardReads,
  request: HistoryRequest,
  firstWindow = FIRST_WINDOW,
): Promise<BrokerEvent[]> {
  const rooms = [...new Set(request.rooms)];
  if (rooms.length === 0 || request.perRoom <= 0) return [];
  const position = await source.position();
  let floor = position.firstSeq - 1;
  let through = Math.min(request.throughSeq, position.lastSeq);
  const missing = new Map(rooms.map((room) => [room, request.perRoom]));
  const wanting = () => rooms.filter((room) => (missing.get(room) ?? 0) > 0);
  // Windows are read newest first; each one's events are older than all found before.
  const windows: BrokerEvent[][] = [];
  let span = Math.min(MAX_WINDOW, Math.max(firstWindow, 2 * request.perRoom * rooms.length));
  while (through > floor && wanting().length > 0) {
    const afterSeq = Math.max(floor, through - span);
    const open = wanting();
    const inWindow = new Map(open.map((room) => [room, new NewestOf(missing.get(room) ?? 0)]));
    try {
      for await (const event of source.replay({ rooms: open, afterSeq, throughSeq: through })) {
        inWindow.get(event.room)?.add(event);
      }
    } catch (error) {
      if (!(error instanceof ReplayTruncatedError)) throw error;
      const start = (await source.position()).firstSeq - 1;
      // Retention must have moved for a retry to read anything else: else it is an error.
      if (start <= floor) throw error;
      floor = start;
      continue;
    }
    const events: BrokerEvent[] = [];
    for (const [room, newest] of inWindow) {
      const found = newest.events();
      missing.set(room, (missing.get(room) ?? 0) - found.length);
      events.push(...found);
    }
    windows.push(events.sort((a, b) => a.seq - b.seq));
    through = afterSeq;
    span = Math.min(MAX_WINDOW, span * 2);
  }
  return windows.reverse().flat();
}

/** The newest `limit` events added (added in seq order), holding at most twice that meanwhile. */
class NewestOf {
  private held: BrokerEvent[] = [];

  constructor(private readonly limit: number) {}

  add(event: BrokerEvent): void {
    this.held.push(event);
    if (this.held.length >= 2 * this.limit) this.held = this.held.slice(-this.limit);
  }

  events(): BrokerEvent[] {
    return this.held.slice(-this.limit);
  }
}
