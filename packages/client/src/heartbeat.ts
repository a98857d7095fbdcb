import type { Timers } from "./timers.js";
import { TimerSlot } from "./timers.js";

export interface HeartbeatOptions {
  intervalMs: number;
  /** Silent intervals after which the link counts as dead. */
  misses: number;
  timers: Timers;
  now: () => number;
  sendPing(id: string): void;
  /** No frame at all for `misses` intervals. */
  onDead(): void;
  onRoundTrip(ms: number): void;
}

/**
 * JSON pings on an interval, and a watchdog on incoming frames. A half-open TCP connection
 * (a laptop that slept, a NAT that forgot us) never delivers a close event; the only sign is
 * silence, and the pongs guarantee there is traffic to miss.
 */
export class Heartbeat {
  private readonly pingTimer: TimerSlot;
  private readonly watchdog: TimerSlot;
  private lastFrameAt = 0;
  private counter = 0;
  private pending: { id: string; sentAt: number } | undefined;

  constructor(private readonly options: HeartbeatOptions) {
    this.pingTimer = new TimerSlot(options.timers);
    this.watchdog = new TimerSlot(options.timers);
  }

  start(): void {
    this.lastFrameAt = this.options.now();
    this.ping();
    this.armWatchdog(this.silenceLimit);
  }

  stop(): void {
    this.pingTimer.clear();
    this.watchdog.clear();
    this.pending = undefined;
  }

  /** Any frame proves the link alive. Kept cheap: it runs for every frame. */
  frameReceived(at: number): void {
    this.lastFrameAt = at;
  }

  pongReceived(ref: unknown, at: number): void {
    if (this.pending === undefined || ref !== this.pending.id) return;
    this.options.onRoundTrip(at - this.pending.sentAt);
    this.pending = undefined;
  }

  private get silenceLimit(): number {
    return this.options.intervalMs * this.options.misses;
  }

  private ping(): void {
    const id = `hb-${++this.counter}`;
    this.pending = { id, sentAt: this.options.now() };
    this.options.sendPing(id);
    this.pingTimer.set(() => this.ping(), this.options.intervalMs);
  }

  // Re-armed lazily from the last frame's time rather than on every frame: one timer, no churn.
  private armWatchdog(ms: number): void {
    this.watchdog.set(() => {
      const silentFor = this.options.now() - this.lastFrameAt;
      if (silentFor >= this.silenceLimit) this.options.onDead();
      else this.armWatchdog(this.silenceLimit - silentFor);
    }, ms);
  }
}
