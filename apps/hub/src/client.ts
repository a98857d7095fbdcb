import { CloseCode, type ServerControlMessage } from "@pulseboard/protocol";
import type { WebSocket } from "ws";
import type { Principal } from "./auth/principal.js";
import { MAX_PENDING_OPERATIONS, SLOW_CONSUMER_TERMINATE_MS } from "./defaults.js";
import type { DeliveryStats } from "./delivery/delivery-stats.js";
import { controlFrame } from "./delivery/frames.js";
import { ConnectionWriter, type WriterLimits } from "./delivery/writer.js";
import { type RateLimit, RateLimiter } from "./rate-limiter.js";

/**
 * One WebSocket connection: who it is (principal, token expiry), its rooms, its inbound rate
 * limit, the order of its subscription changes and its liveness. Everything it sends goes
 * through its writer (delivery/writer.ts).
 */
export class Client {
  readonly rooms = new Set<string>();
  /** Cleared by each heartbeat, set again by any sign of life; still false → dead peer. */
  alive = true;
  /** Opted in to presence and indicators (`presence=1`); legacy connections never are. */
  presence = false;
  /** The peer's address (behind a trusted proxy: the forwarded one), for operators. */
  address = "";
  /** When the connection was accepted, ms since 1970. */
  readonly connectedAt = Date.now();
  readonly writer: ConnectionWriter;
  private closing = false;
  private operations: Promise<void> | undefined;
  /** Operations waiting or running in `operations`. */
  private pendingOperations = 0;
  private expiryTimer: NodeJS.Timeout | undefined;
  /** Made by the first message: an idle connection, which never sends, holds no bucket. */
  private limiter: RateLimiter | undefined;

  constructor(
    readonly id: string,
    readonly socket: WebSocket,
    /** Who this is and what they may read; replaced by a successful `refresh`. */
    public principal: Principal,
    private readonly rate: RateLimit,
    limits: WriterLimits,
    stats: DeliveryStats,
  ) {
    this.writer = new ConnectionWriter(socket, limits, stats, this);
  }

  /** The inbound token bucket (starts full, as it would be after any quiet spell). */
  get rateLimiter(): RateLimiter {
    this.limiter ??= new RateLimiter(this.rate);
    return this.limiter;
  }

  /** The socket closed: release everything this connection holds. */
  handleClose(): void {
    this.closing = true;
    this.writer.stop();
    clearTimeout(this.expiryTimer);
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
    return !this.closing && this.writer.isOpen;
  }

  /** A control message (pong, error, reset, subscribed, ...), encoded for this connection. */
  sendControl(message: ServerControlMessage): void {
    if (this.closing) return;
    this.writer.send(controlFrame(message));
  }

  /**
   * Runs subscription changes one at a time, in arrival order, each from a fresh turn of the
   * event loop. Returns false, queuing nothing,
   * when MAX_PENDING_OPERATIONS are already waiting or running (the caller answers the client).
   */
  serialize(operation: () => Promise<void>): boolean {
    if (this.pendingOperations >= MAX_PENDING_OPERATIONS) return false;
    this.pendingOperations++;
    const run = async () => {
      try {
        // Each operation starts in a macrotask of its own: a burst of large subscribes from
        // many connections (the subscribe storm) is then worked through one operation per
        // connection per turn of the event loop, with other sockets' I/O between turns,
        // instead of in one long run of microtasks that holds every other connection up.
        await new Promise<void>((resolve) => setImmediate(resolve));
        await operation();
      } finally {
        this.pendingOperations--;
      }
    };
    const chained = (this.operations ?? Promise.resolve()).then(run, run);
    this.operations = chained;
    // Forget the chain once it is idle, so an idle connection holds no promise.
    void chained.then(() => {
      if (this.operations === chained) this.operations = undefined;
    });
    return true;
  }

  close(code: number, reason = ""): void {
    if (this.closing) return;
    this.closing = true;
    clearTimeout(this.expiryTimer);
    this.writer.stop();
    this.socket.close(code, reason);
  }

  /** Called by the writer once the backlog outgrows its bound. */
  closeSlowConsumer(): void {
    this.close(CloseCode.SLOW_CONSUMER, "slow consumer: resume with since");
    // A peer that is not reading never sees the close frame; don't wait for it forever.
    setTimeout(() => this.socket.terminate(), SLOW_CONSUMER_TERMINATE_MS).unref();
  }
}
