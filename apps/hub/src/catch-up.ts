import { CloseCode, type MessageId, type ResetReason } from "@pulseboard/protocol";
import {
  type BrokerEvent,
  type EventStream,
  ReplayTruncatedError,
  type StreamPosition,
} from "./broker/broker.js";
import type { CatchUpGate } from "./catch-up-gate.js";
import type { Client } from "./client.js";
import { CATCH_UP_RETRIES, CATCH_UP_RETRY_MS, MIN_RETRY_MS } from "./defaults.js";
import { controlFrame, eventFrame } from "./delivery/frames.js";
import type { HistoryReader } from "./history.js";
import type { Logger } from "./logger.js";
import type { RangeReads } from "./range-reads.js";
import type { RecentEvents } from "./recent-events.js";
import type { ReplayStats } from "./replay-stats.js";
import type { SharedReads } from "./shared-reads.js";

/** The room table a catch-up joins clients into, and the live feed's position. */
export interface RoomMembership {
  /** Highest seq that has passed through the live feed. */
  readonly seq: number;
  join(client: Client, room: string): void;
  leave(client: Client, room: string): void;
}

export interface CatchUpOptions {
  stream: Pick<EventStream, "position" | "replay" | "snapshot">;
  rooms: RoomMembership;
  /** Most events one replay may send before the hub answers `reset` instead. */
  replayLimit: number;
  stats: ReplayStats;
  logger: Logger;
  /** The hub's recent events and the epoch they belong to: resumes inside them skip the stream. */
  recent: { events: RecentEvents; epoch: () => string };
  /** Bounds how many catch-ups that read the stream (`since` given) run at once. */
  gate: CatchUpGate;
  /** Subscriptions opened with `history` (protocol 1.1) start with the rooms' newest events. */
  history: HistoryReader;
  /** Resumes of the same rooms from the same `since` share one stream read (restart storms). */
  replays: SharedReads<SharedReplay>;
  /** The tail after a shared read, up to a boundary: recent events, else shared and gated. */
  ranges: Pick<RangeReads, "read">;
  /** A 1013 close after failed retries carries `retry_ms` spread over this range. */
  reconnectSpreadMs: number;
  /** The rooms are live for the connection (presence starts then: it follows `subscribed`). */
  onRoomsLive: (client: Client, rooms: readonly string[]) => void;
}

export interface SubscribeRequest {
  rooms: readonly string[];
  since: number | undefined;
  epoch: string | undefined;
  /** Newest events per room to start with, for rooms opened without `since` (clamped). */
  history?: number | undefined;
  ref?: MessageId | undefined;
}

/** A replay read once for every resume of the same rooms from the same `since`. */
export interface SharedReplay {
  /** Events of the rooms in `(since, through]`, when the outcome is `done`. */
  events: readonly BrokerEvent[];
  through: number;
  outcome: "done" | ResetReason;
}

type CatchUpPlan =
  | { kind: "snapshot" }
  | { kind: "replay"; afterSeq: number }
  | { kind: "ahead-of-hub"; since: number }
  | { kind: "reset"; reason: ResetReason };

/**
 * Subscriptions: adds rooms to a connection and brings it up to date before live events flow —
 * a replay of what it missed (`since`), or a snapshot, or a `reset` and a snapshot when a
 * replay is impossible. Live events for the connection wait in its writer meanwhile, so the
 * order is catch-up events (seq ≤ boundary), `subscribed`, then live events (seq > boundary):
 * no gap, no duplicate. Built with exactly what it uses: the stream, the room table, limits.
 */
export class CatchUp {
  constructor(private readonly options: CatchUpOptions) {}

  async subscribe(client: Client, request: SubscribeRequest): Promise<void> {
    if (!client.isOpen) return;
    const { rooms, stream, stats } = this.options;
    const added = [...new Set(request.rooms)].filter((room) => !client.rooms.has(room));
    if (added.length === 0) {
      client.sendControl({
        type: "subscribed",
        data: { rooms: [...new Set(request.rooms)], seq: rooms.seq },
        ref: request.ref,
      });
      return;
    }

    // A resume reads the stream: it waits for a slot first, before joining the rooms, so live
    // events are not held for it while it queues (a long wait cannot overflow its writer).
    let release: (() => void) | undefined;
    try {
      const history = this.options.history.clamp(request.history);
      if (request.since === undefined && history > 0) {
        await this.subscribeWithHistory(client, request, added, history);
        return;
      }
      if (this.servedFromRecent(request)) {
        await this.replayRecent(client, request, added);
        return;
      }
      // A resume that will join a replay already running needs no slot: it reads nothing.
      if (request.since !== undefined && !this.replayRunning(added, request.since)) {
        release = await this.options.gate.acquire();
        if (!client.isOpen) return;
      }
      // The stream's position is read BEFORE the boundary is taken and the rooms are joined,
      // so that the plan is decided in the same tick as the boundary. Otherwise live events
      // that reach this hub while position() is awaited are queued for the client before an
      // "ahead-of-hub" plan can set its floors, and a client that came from a faster hub gets
      // (boundary, since] a second time. A position read a little earlier is still sound: the
      // client's `since` came from events stored before it connected, and a replay notices
      // retention that moved since (ReplayTruncatedError).
      const position =
        request.since === undefined
          ? undefined
          : await this.retrying(client, () => stream.position(request.since));
      if (position === gone) return;
      if (!client.isOpen) return;
      const boundary = rooms.seq;
      client.writer.pause();
      for (const room of added) rooms.join(client, room);
      const plan = planCatchUp(position, request.since, request.epoch, boundary);
      if (plan.kind === "replay") {
        // One that joins a read already running reads nothing: its slot goes to the next.
        if (this.replayRunning(added, plan.afterSeq)) release?.();
        const outcome = await this.replay(client, added, plan.afterSeq, boundary);
        if (outcome !== "done") await this.resetAndSnapshot(client, added, outcome, boundary);
      } else if (plan.kind === "ahead-of-hub") {
        // The client saw events this hub has not fanned out yet (it came from a faster hub).
        for (const room of added) client.writer.setFloor(room, plan.since);
        stats.replays++;
      } else if (plan.kind === "reset") {
        await this.resetAndSnapshot(client, added, plan.reason, boundary);
      } else {
        await this.sendSnapshot(client, added, boundary);
      }
      await this.finish(client, request, added, boundary);
    } catch (error) {
      this.options.logger.error({ err: error, client: client.id }, "catch-up failed");
      // Retries are spent: the broker is overloaded or away. The client reconnects (possibly to
      // another hub) after the hint and resumes with `since`; 1011 would say the hub is broken.
      const retryMs = MIN_RETRY_MS + Math.floor(Math.random() * this.options.reconnectSpreadMs);
      client.close(CloseCode.TRY_AGAIN_LATER, JSON.stringify({ retry_ms: retryMs }));
    } finally {
      release?.();
    }
  }

  /**
   * Runs a broker read, retrying it with doubling waits (CATCH_UP_RETRIES) while it throws;
   * `gone` if the client closed meanwhile. ReplayTruncatedError is an answer, not a failure.
   */
  private async retrying<T>(client: Client, read: () => Promise<T>): Promise<T | typeof gone> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await read();
      } catch (error) {
        if (error instanceof ReplayTruncatedError || attempt >= CATCH_UP_RETRIES) throw error;
        this.options.stats.retries++;
        this.options.logger.warn(
          { err: error, client: client.id, attempt: attempt + 1 },
          "catch-up read failed; retrying",
        );
        await delay(CATCH_UP_RETRY_MS * 2 ** attempt);
        if (!client.isOpen) return gone;
      }
    }
  }

  /** A resume whose whole range the hub still holds (same epoch): no stream read, no slot. */
  private servedFromRecent(request: SubscribeRequest): boolean {
    const { since, epoch } = request;
    const { events, epoch: current } = this.options.recent;
    if (since === undefined || (epoch !== undefined && epoch !== current())) return false;
    return since <= this.options.rooms.seq && events.covers(since, this.options.rooms.seq);
  }

  /** The replay of `servedFromRecent`: boundary, join and the events taken in one tick. */
  private async replayRecent(
    client: Client,
    request: SubscribeRequest,
    added: readonly string[],
  ): Promise<void> {
    const { rooms, stats, replayLimit, recent } = this.options;
    const since = request.since ?? 0;
    const boundary = rooms.seq;
    client.writer.pause();
    for (const room of added) rooms.join(client, room);
    const events = recent.events.range(new Set(added), since, boundary);
    stats.replays++;
    stats.recentReplays++;
    if (events.length > replayLimit) {
      await this.resetAndSnapshot(client, added, "replay_limit", boundary);
    } else {
      stats.replayedEvents += events.length;
      await client.writer.writeAllInOrder(framesOf(events));
      if (!client.isOpen) return;
    }
    await this.finish(client, request, added, boundary);
  }

  /**
   * A subscription opened with `history` and no `since`: the rooms' newest events ∪ their
   * snapshot (history.ts). A stream read, when the recent events cannot answer, is shared and
   * happens BEFORE the boundary and the join (no live event waits for it); the boundary is
   * then taken and the rooms joined in one tick, and what is sent is exactly the union through
   * the boundary, so live events (seq > boundary) follow with no gap and no duplicate.
   */
  private async subscribeWithHistory(
    client: Client,
    request: SubscribeRequest,
    added: readonly string[],
    perRoom: number,
  ): Promise<void> {
    const { rooms, stats, history } = this.options;
    const base = await this.retrying(client, () => history.base(added, perRoom));
    if (base === gone || !client.isOpen) return;
    const boundary = rooms.seq;
    client.writer.pause();
    for (const room of added) rooms.join(client, room);
    // Retried with the same boundary: the rooms are joined at it already.
    const events = await this.retrying(client, () =>
      history.complete(added, perRoom, base, boundary),
    );
    if (events === gone) return;
    stats.histories++;
    stats.historyEvents += events.length;
    await client.writer.writeAllInOrder(framesOf(events));
    if (!client.isOpen) return;
    await this.finish(client, request, added, boundary);
  }

  /** `subscribed`, then the live events held meanwhile, then presence. */
  private async finish(
    client: Client,
    request: SubscribeRequest,
    added: readonly string[],
    boundary: number,
  ): Promise<void> {
    await client.writer.writeInOrder(
      controlFrame({
        type: "subscribed",
        data: { rooms: [...new Set(request.rooms)], seq: boundary },
        ref: request.ref,
      }),
    );
    client.writer.resume();
    this.options.onRoomsLive(client, added);
  }

  /** Removes rooms from a connection; rooms it did not follow are acknowledged all the same. */
  unsubscribe(client: Client, rooms: readonly string[], ref: MessageId | undefined): void {
    for (const room of rooms) this.options.rooms.leave(client, room);
    client.sendControl({ type: "unsubscribed", data: { rooms: [...new Set(rooms)] }, ref });
  }

  /**
   * The events of `(afterSeq, throughSeq]`, from ONE read shared by every resume of the same
   * rooms from the same `since` running at once (shared-reads.ts): after a restart thousands of
   * clients resume from the same position. A resume that joins a read started earlier gets
   * events through that read's boundary, which precedes its own (boundaries are taken in
   * order, and the read is looked up in the same tick as the boundary); the rest, up to its
   * own boundary, comes from the recent events or a replay of that short range.
   */
  private async replay(
    client: Client,
    rooms: readonly string[],
    afterSeq: number,
    throughSeq: number,
  ): Promise<"done" | ResetReason> {
    const { stats, replayLimit } = this.options;
    stats.replays++;
    const shared = await this.options.replays.read(this.replayKey(rooms, afterSeq), () =>
      this.readReplay(rooms, afterSeq, throughSeq),
    );
    if (shared.outcome !== "done") return shared.outcome;
    const older = shared.events.filter((event) => event.seq <= throughSeq);
    const newer = await this.replayTail(client, rooms, shared.through, throughSeq);
    if (newer === gone) return "done";
    if (older.length + newer.length > replayLimit) return "replay_limit";
    stats.replayedEvents += older.length + newer.length;
    await client.writer.writeAllInOrder(framesOf([...older, ...newer]));
    return "done";
  }

  private replayKey(rooms: readonly string[], afterSeq: number): string {
    return `${this.options.recent.epoch()}\u0000${[...rooms].sort().join(",")}\u0000${afterSeq}`;
  }

  private replayRunning(rooms: readonly string[], since: number): boolean {
    const added = [...new Set(rooms)];
    return this.options.replays.isRunning(this.replayKey(added, since));
  }

  /**
   * One replay read into memory (at most `replayLimit` events: more is answered `reset`).
   * A failed read is retried CATCH_UP_RETRIES times from the last event read, so nothing is
   * read twice; then it throws (the catch-up closes with 1013).
   */
  private async readReplay(
    rooms: readonly string[],
    afterSeq: number,
    throughSeq: number,
  ): Promise<SharedReplay> {
    const { stream, stats, replayLimit, logger } = this.options;
    const events: BrokerEvent[] = [];
    let after = afterSeq;
    for (let attempt = 0; ; attempt++) {
      try {
        for await (const event of stream.replay({ rooms, afterSeq: after, throughSeq })) {
          if (events.length >= replayLimit) {
            return { events: [], through: throughSeq, outcome: "replay_limit" };
          }
          events.push(event);
          after = event.seq;
        }
        return { events, through: throughSeq, outcome: "done" };
      } catch (error) {
        if (error instanceof ReplayTruncatedError) {
          return { events: [], through: throughSeq, outcome: "retention" };
        }
        if (attempt >= CATCH_UP_RETRIES) throw error;
        stats.retries++;
        logger.warn({ err: error, attempt: attempt + 1 }, "catch-up read failed; retrying");
        await delay(CATCH_UP_RETRY_MS * 2 ** attempt);
      }
    }
  }

  /** `(after, through]` of the rooms (range-reads.ts), retried like every catch-up read. */
  private async replayTail(
    client: Client,
    rooms: readonly string[],
    after: number,
    through: number,
  ): Promise<BrokerEvent[] | typeof gone> {
    if (after >= through) return [];
    return this.retrying(client, () => this.options.ranges.read(rooms, after, through));
  }

  private async resetAndSnapshot(
    client: Client,
    rooms: readonly string[],
    reason: ResetReason,
    boundary: number,
  ): Promise<void> {
    const { resets } = this.options.stats;
    resets[reason] = (resets[reason] ?? 0) + 1;
    await client.writer.writeInOrder(
      controlFrame({ type: "reset", data: { rooms: [...rooms], reason } }),
    );
    await this.sendSnapshot(client, rooms, boundary);
  }

  private async sendSnapshot(
    client: Client,
    rooms: readonly string[],
    boundary: number,
  ): Promise<void> {
    this.options.stats.snapshots++;
    const { stream } = this.options;
    const perRoom = await this.retrying(client, () =>
      Promise.all(rooms.map((room) => stream.snapshot(room))),
    );
    if (perRoom === gone) return;
    // Newer values reach the client live (seq > boundary); sending them now would duplicate.
    const events = perRoom
      .flat()
      .filter((event) => event.seq <= boundary)
      .sort((a, b) => a.seq - b.seq);
    await client.writer.writeAllInOrder(framesOf(events));
  }
}

/** Each event's frame, made as it is written (a large replay is never all in memory twice). */
function* framesOf(events: readonly BrokerEvent[]): Generator<Buffer> {
  for (const event of events) yield eventFrame(event);
}

/** What a retried read answers when the client closed while it waited. */
const gone = Symbol("client gone");

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Synchronous on purpose: floors must be set before any live event can reach the client. */
function planCatchUp(
  position: StreamPosition | undefined,
  since: number | undefined,
  epoch: string | undefined,
  boundary: number,
): CatchUpPlan {
  if (since === undefined || position === undefined) return { kind: "snapshot" };
  if (epoch !== undefined && epoch !== position.epoch) return { kind: "reset", reason: "epoch" };
  if (since > position.lastSeq) return { kind: "reset", reason: "ahead" };
  if (since + 1 < position.firstSeq) return { kind: "reset", reason: "retention" };
  if (since >= boundary) return { kind: "ahead-of-hub", since };
  return { kind: "replay", afterSeq: since };
}
