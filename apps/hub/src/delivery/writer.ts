import type { Socket } from "node:net";
import { WebSocket } from "ws";
import { SOCKET_HIGH_WATER_BYTES } from "../defaults.js";
import type { DeliveryStats } from "./delivery-stats.js";
import { OutboundQueue } from "./outbound-queue.js";
import { rawSocketOf } from "./raw-socket.js";
import { corkForThisTick } from "./write-batch.js";

/** The connection a writer belongs to (client.ts), as far as the writer needs it. */
export interface SlowConsumerOwner {
  closeSlowConsumer(): void;
}

export interface WriterLimits {
  /** Most frames a connection's backlog may hold. */
  maxMessages: number;
  /** Most bytes its backlog (queue plus the socket's unsent bytes) may hold. */
  maxBytes: number;
}

/**
 * One connection's outbound path (centrifuge's writer.go beside client.go). Frames go straight
 * to the socket while it keeps up; past SOCKET_HIGH_WATER_BYTES they wait in a bounded,
 * coalescing queue, and a connection that outgrows the bound is reported as a slow consumer.
 *
 * Frames are complete WebSocket frames built once per message (frames.ts) and written straight
 * to the TCP socket, corked for the rest of the tick (write-batch.ts). No callback per write:
 * frames queue only while the socket holds ≥ SOCKET_HIGH_WATER_BYTES unsent bytes, which is
 * above the socket's own high-water mark, so a `drain` event is then always on its way and
 * resumes the flush.
 *
 * Catch-up ordering lives here too: while a replay or snapshot is written (`pause`), live
 * frames wait; frames queued before the catch-up began go out before it (`writeInOrder`), and
 * live events the client already saw elsewhere are skipped (`setFloor`).
 */
export class ConnectionWriter {
  /** Frames written to this connection's socket (a plain counter: the hot path stays cheap). */
  sent = 0;
  /** Created on first need: most connections never queue anything. */
  private queue: OutboundQueue | undefined;
  /**
   * Frames that were already waiting when a catch-up began: they predate it, so they go out
   * before any catch-up frame, and the live frames queued during the catch-up go after it.
   */
  private earlier: OutboundQueue | undefined;
  /** While catching up (replay or snapshot), live frames wait in the queue. */
  private paused = false;
  /** Per room: events up to this seq were already seen by the client (it resumed ahead of us). */
  private floors: Map<string, number> | undefined;
  private stopped = false;
  private writeWaiters: (() => void)[] | undefined;
  private readonly raw: Socket;
  /**
   * Listens for `drain` from the first time this connection has to wait for its socket: an
   * idle connection (most of them) never does, and holds neither the listener nor its closure.
   */
  private drainListener: (() => void) | undefined;

  constructor(
    private readonly socket: WebSocket,
    private readonly limits: WriterLimits,
    private readonly stats: DeliveryStats,
    /** Told once the backlog outgrows its bound; it closes the connection. */
    private readonly owner: SlowConsumerOwner,
  ) {
    this.raw = rawSocketOf(socket);
  }

  get isOpen(): boolean {
    return !this.stopped && this.socket.readyState === WebSocket.OPEN;
  }

  /** Hot path: one event frame, encoded once by the hub and shared by every subscriber. */
  deliver(frame: Buffer, seq: number, room: string, coalesceKey: string | undefined): void {
    if (this.stopped) return;
    if (this.floors !== undefined && seq <= (this.floors.get(room) ?? 0)) return;
    if (!this.paused && this.backlogLength() === 0) {
      if (this.raw.writableLength < SOCKET_HIGH_WATER_BYTES) {
        this.write(frame);
        return;
      }
    }
    this.queue ??= new OutboundQueue();
    this.listenForDrain();
    this.stats.coalesced += this.queue.push(frame, coalesceKey);
    if (this.overBacklogLimit()) this.reportSlowConsumer();
  }

  /**
   * A control frame (pong, error, reset, subscribed, presence, ...). While catching up it goes
   * out at once (a heartbeat must not wait behind a replay); otherwise it keeps its place in
   * line.
   */
  send(frame: Buffer): void {
    if (this.stopped) return;
    if (this.paused || this.backlogLength() === 0) this.write(frame);
    else {
      this.queue ??= new OutboundQueue();
      this.listenForDrain();
      this.queue.push(frame);
    }
    if (this.overBacklogLimit()) this.reportSlowConsumer();
  }

  /**
   * Writes a catch-up frame (replay, snapshot, `reset`, `subscribed`) after whatever was queued
   * before the catch-up began, waiting while the socket is backed up.
   */
  async writeInOrder(frame: Buffer): Promise<void> {
    while (this.isOpen) {
      if (this.raw.writableLength >= SOCKET_HIGH_WATER_BYTES) {
        this.listenForDrain();
        await new Promise<void>((resolve) => {
          this.writeWaiters ??= [];
          this.writeWaiters.push(resolve);
        });
        continue;
      }
      const before = this.earlier?.shift();
      if (before === undefined) {
        this.earlier = undefined;
        this.write(frame);
        return;
      }
      this.write(before);
    }
  }

  /**
   * `writeInOrder` for many frames: those the socket takes at once are written in one go, in
   * this tick, so the tick's cork sends them in one system call instead of one each (a resume
   * of 440 events was 440 writes); once the socket backs up, or frames queued before the
   * catch-up are still waiting, it falls back to waiting frame by frame.
   */
  async writeAllInOrder(frames: Iterable<Buffer>): Promise<void> {
    for (const frame of frames) {
      if (!this.isOpen) return;
      if (this.earlier === undefined && this.raw.writableLength < SOCKET_HIGH_WATER_BYTES) {
        this.write(frame);
      } else {
        await this.writeInOrder(frame);
      }
    }
  }

  /** Hold live frames back (they queue, bounded) while a replay or snapshot is written. */
  pause(): void {
    this.paused = true;
    if (this.queue !== undefined && this.queue.length > 0 && this.earlier === undefined) {
      this.earlier = this.queue;
      this.queue = undefined;
    }
  }

  resume(): void {
    this.paused = false;
    this.flush();
  }

  /** The client already has this room's events up to `seq`; skip them if they arrive live. */
  setFloor(room: string, seq: number): void {
    this.floors ??= new Map();
    this.floors.set(room, seq);
  }

  clearFloor(room: string): void {
    this.floors?.delete(room);
    if (this.floors?.size === 0) this.floors = undefined;
  }

  /** The connection is closing or closed: drop the backlog, release waiting catch-ups. */
  stop(): void {
    this.stopped = true;
    this.queue = undefined;
    this.earlier = undefined;
    this.wakeWriteWaiters();
  }

  /** Bytes waiting to go out: queued frames plus the socket's unsent bytes. */
  get backlogBytes(): number {
    return (this.queue?.bytes ?? 0) + (this.earlier?.bytes ?? 0) + this.raw.writableLength;
  }

  private reportSlowConsumer(): void {
    this.stats.slowConsumerCloses++;
    this.owner.closeSlowConsumer();
  }

  /**
   * Frames wait in the queue only while the socket holds SOCKET_HIGH_WATER_BYTES or more (or a
   * catch-up runs, whose end flushes): from then on, `drain` resumes the flush.
   */
  private listenForDrain(): void {
    if (this.drainListener !== undefined) return;
    this.drainListener = () => this.onDrain();
    this.raw.on("drain", this.drainListener);
  }

  private onDrain(): void {
    this.wakeWriteWaiters();
    if (!this.paused && this.backlogLength() > 0) this.flush();
  }

  private backlogLength(): number {
    return (this.queue?.length ?? 0) + (this.earlier?.length ?? 0);
  }

  private overBacklogLimit(): boolean {
    return (
      this.backlogLength() > this.limits.maxMessages ||
      (this.queue?.bytes ?? 0) + (this.earlier?.bytes ?? 0) + this.raw.writableLength >
        this.limits.maxBytes
    );
  }

  private flush(): void {
    while (!this.paused && this.isOpen && this.raw.writableLength < SOCKET_HIGH_WATER_BYTES) {
      let frame = this.earlier?.shift();
      if (frame === undefined) {
        this.earlier = undefined;
        frame = this.queue?.shift();
      }
      if (frame === undefined) return;
      this.write(frame);
    }
  }

  private write(frame: Buffer): void {
    if (this.socket.readyState !== WebSocket.OPEN) return;
    if (this.raw.writableCorked === 0) corkForThisTick(this.raw);
    this.raw.write(frame);
    this.sent++;
    this.stats.messagesOut++;
    this.stats.bytesOut += frame.length;
  }

  private wakeWriteWaiters(): void {
    const waiters = this.writeWaiters;
    if (waiters === undefined) return;
    this.writeWaiters = undefined;
    for (const wake of waiters) wake();
  }
}
