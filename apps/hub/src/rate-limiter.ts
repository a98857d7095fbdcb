export interface RateLimit {
  /** Sustained messages per second. */
  perSecond: number;
  /** Messages allowed in a burst above the sustained rate. */
  burst: number;
}

/**
 * Token bucket for one connection's inbound work: a message costs one token, and a
 * `subscribe`/`unsubscribe` one more per ROOMS_PER_RATE_TOKEN rooms (inbound.ts). A message over the limit is dropped
 * (the caller answers `rate_limited`); a client that keeps sending after its bucket ran dry
 * accumulates strikes, and the caller closes it with 4029 once strikes reach `burst`.
 * Strikes are forgiven when the bucket is full again, i.e. after the client calmed down.
 */
export class RateLimiter {
  private tokens: number;
  private updatedAt: number;
  private strikeCount = 0;

  constructor(
    private readonly limit: RateLimit,
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = limit.burst;
    this.updatedAt = now();
  }

  /**
   * "ok" to process the message, "drop" to refuse it, "close" for persistent abuse. `cost` is
   * capped at `burst`, so any message can get through once the client has calmed down.
   */
  take(cost = 1): "ok" | "drop" | "close" {
    const needed = Math.min(cost, this.limit.burst);
    const now = this.now();
    this.tokens = Math.min(
      this.limit.burst,
      this.tokens + ((now - this.updatedAt) / 1000) * this.limit.perSecond,
    );
    this.updatedAt = now;
    if (this.tokens >= this.limit.burst) this.strikeCount = 0;
    if (this.tokens >= needed) {
      this.tokens -= needed;
      return "ok";
    }
    this.strikeCount++;
    return this.strikeCount >= this.limit.burst ? "close" : "drop";
  }

  /** Messages refused since the client last calmed down. */
  get strikes(): number {
    return this.strikeCount;
  }
}
