import type { Socket } from "node:net";
import { CloseCode, type ServerControlMessage } from "@pulseboard/protocol";
import { WebSocket } from "ws";
import type { Principal } from "./auth/principal.js";
import { SLOW_CONSUMER_TERMINATE_MS, SOCKET_HIGH_WATER_BYTES } from "./defaults.js";
import type { DeliveryStats } from "./delivery-stats.js";
import { controlFrame } from "./frames.js";
import { OutboundQueue } from "./outbound-queue.js";
import type { RateLimiter } from "./rate-limiter.js";
import { rawSocketOf } from "./raw-socket.js";
import { corkForThisTick } from "./write-batch.js";

export interface ClientLimits {
  /** Most frames a connection's backlog may hold. */
  maxMessages: number;
  /** Most bytes its backlog (queue plus the socket's unsent bytes) may hold. */
  maxBytes: number;
}

/**
 * One WebSocket connection: its rooms and its outbound path. Frames go straight to the
 * socket while it keeps up; past SOCKET_HIGH_WATER_BYTES they wait in a bounded, coalescing
 * queue, and a connection that outgrows the bound is closed with 4008.
 *
 * Frames are complete WebSocket frames built once per message (frames.ts) and written straight
 * to the TCP socket, corked for the rest of the tick (write-batch.ts). No callback per write:
 * frames queue only while the socket holds ≥ SOCKET_HIGH_WATER_BYTES unsent bytes, which is
 * above the socket's own high-water mark, so a `drain` event is then always on its way and
 * resumes the flush.
 */
export class Client {
  readonly rooms = new Set<string>();
  /** Cleared by each heartbeat, set again by any sign of life; still false → dead peer. */
  alive = true;
  /** Opted in to presence and indicators (`presence=1`); legacy connections never are. */
  presence = false;
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
  private closing = false;
  private operations: Promise<void> | undefined;
  private writeWaiters: (() => void)[] | undefined;
  private expiryTimer: NodeJS.Timeout | undefined;
  private readonly raw: Socket;
  private readonly onDrain = (): void => {
    this.wakeWriteWaiters();
    if (!this.paused && this.backlogLength() > 0) this.flush();
  };

  constructor(
    readonly id: string,
    readonly socket: WebSocket,
    /** Who this is and what they may read; replaced by a successful `refresh`. */
    public principal: Principal,
    readonly rateLimiter: RateLimiter,
    private readonly limits: ClientLimits,
    private readonly stats: DeliveryStats,
  ) {
    this.raw = rawSocketOf(socket);
    this.raw.on("drain", this.onDrain);
  }

  /** The socket closed: release everything this connection holds. */
  handleClose(): void {
    this.closing = true;
    this.dropBacklog();
    clearTimeout(this.expiryTimer);
    this.wakeWriteWaiters();
  }

  /**
   * Closes the connection with 4001 when the token's `exp` (+ leeway) passes. Called again
   * after a `refresh`, which moves the deadline.
   */
  scheduleExpiry(leewaySeconds: number): void {
    clearTimeout(this.expiryTimer);
    const exp = this.principal.exp;
    if (exp === undefined || this.closing) return;
    const delay = (exp + leewaySeconds) * 1000 - Date.now();
    if (delay <= 0) {
      this.close(CloseCode.TOKEN_EXPIRED, "token expired");
      return;
    }
    // setTimeout cannot wait longer than 2^31-1 ms; re-arm for tokens that live longer.
    const wait = Math.min(delay, 2_147_483_647);
    this.expiryTimer = setTimeout(() => this.scheduleExpiry(leewaySeconds), wait);
    this.expiryTimer.unref();
  }

  get isOpen(): boolean {
    return !this.closing && this.socket.readyState === WebSocket.OPEN;
  }

  /** Hot path: one event frame, encoded once by the hub and shared by every subscriber. */
  deliver(frame: Buffer, seq: number, room: string, coalesceKey: string | undefined): void {
    if (this.closing) return;
    if (this.floors !== undefined && seq <= (this.floors.get(room) ?? 0)) return;
    if (!this.paused && this.backlogLength() === 0) {
      if (this.raw.writableLength < SOCKET_HIGH_WATER_BYTES) {
        this.write(frame);
        return;
      }
    }
    this.queue ??= new OutboundQueue();
    this.stats.coalesced += this.queue.push(frame, coalesceKey);
    if (this.overBacklogLimit()) this.closeSlowConsumer();
  }

  /**
   * Ephemeral messages (pong, error, reset, subscribed, ...). While catching up they go out at
   * once (a heartbeat must not wait behind a replay); otherwise they keep their place in line.
   */
  sendControl(message: ServerControlMessage): void {
    if (this.closing) return;
    this.sendFrame(controlFrame(message));
  }

  /** A control frame encoded once for several connections (presence, indicators). */
  sendFrame(frame: Buffer): void {
    if (this.closing) return;
    if (this.paused || this.backlogLength() === 0) this.write(frame);
    else {
      this.queue ??= new OutboundQueue();
      this.queue.push(frame);
    }
    if (this.overBacklogLimit()) this.closeSlowConsumer();
  }

  /**
   * Writes a catch-up frame (replay, snapshot, `reset`, `subscribed`) after whatever was queued
   * before the catch-up began, waiting while the socket is backed up.
   */
  async writeInOrder(frame: Buffer): Promise<void> {
    while (this.isOpen) {
      if (this.raw.writableLength >= SOCKET_HIGH_WATER_BYTES) {
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

  /** Runs subscription changes one at a time, in arrival order. */
  serialize(operation: () => Promise<void>): Promise<void> {
    const chained = (this.operations ?? Promise.resolve()).then(operation, operation);
    this.operations = chained;
    // Forget the chain once it is idle, so an idle connection holds no promise.
    void chained.then(() => {
      if (this.operations === chained) this.operations = undefined;
    });
    return chained;
  }

  close(code: number, reason = ""): void {
    if (this.closing) return;
    this.closing = true;
    clearTimeout(this.expiryTimer);
    this.dropBacklog();
    this.wakeWriteWaiters();
    this.socket.close(code, reason);
  }

  private closeSlowConsumer(): void {
    this.stats.slowConsumerCloses++;
    this.close(CloseCode.SLOW_CONSUMER, "slow consumer: resume with since");
    // A peer that is not reading never sees the close frame; don't wait for it forever.
    setTimeout(() => this.socket.terminate(), SLOW_CONSUMER_TERMINATE_MS).unref();
  }

  private backlogLength(): number {
    return (this.queue?.length ?? 0) + (this.earlier?.length ?? 0);
  }

  private dropBacklog(): void {
    this.queue = undefined;
    this.earlier = undefined;
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
