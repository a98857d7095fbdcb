import { MAX_TIMER_MS, TOKEN_RETRY_MS } from "./defaults.js";
import { tokenExpiry } from "./jwt.js";
import type { Timers } from "./timers.js";
import { TimerSlot } from "./timers.js";

/** What a token is asked for: the rooms the connection follows (or is about to follow). */
export interface TokenRequest {
  rooms: readonly string[];
}

/**
 * Where tokens come from; called before every connection, before each refresh, and before
 * following rooms the current token may not grant. A token should grant every room asked for.
 */
export type TokenSource = (
  request: TokenRequest,
) => string | undefined | Promise<string | undefined>;

export interface TokenRefresherOptions {
  /** The connection's token source, bound to its current rooms. */
  source: () => ReturnType<TokenSource>;
  leadMs: number;
  timers: Timers;
  now: () => number;
  /**
   * Sends the new token on the open connection (a `refresh` message); settles once the hub
   * answered (`refreshed` or `error`) or gave up waiting.
   */
  send(token: string): Promise<void>;
}

/**
 * Keeps an open connection's token fresh: shortly before a JWT's `exp`, asks the token source
 * for a newer one and sends it as `refresh`, so the hub does not close the socket with 4001.
 * Tokens that are not JWTs (or have no `exp`) are never refreshed.
 */
export class TokenRefresher {
  private readonly timer: TimerSlot;
  private current: string | undefined;
  private generation = 0;

  constructor(private readonly options: TokenRefresherOptions) {
    this.timer = new TimerSlot(options.timers);
  }

  /** The connection opened with `token`. */
  start(token: string | undefined): void {
    this.stop();
    this.current = token;
    this.schedule();
  }

  stop(): void {
    this.generation++;
    this.timer.clear();
  }

  private schedule(): void {
    const expiresAt = this.current === undefined ? undefined : tokenExpiry(this.current);
    if (expiresAt === undefined) return;
    const left = expiresAt - this.options.now();
    if (left <= 0) return; // Expired already: the hub closes with 4001 and we reconnect.
    // Tokens shorter than twice the lead are refreshed halfway through their life.
    const lead = Math.min(this.options.leadMs, left / 2);
    this.timer.set(() => void this.refresh(expiresAt), Math.min(left - lead, MAX_TIMER_MS));
  }

  private async refresh(expiresAt: number): Promise<void> {
    const generation = this.generation;
    let next: string | undefined;
    try {
      next = await this.options.source();
    } catch {
      next = undefined;
    }
    if (generation !== this.generation) return;
    const nextExpiry = next === undefined ? undefined : tokenExpiry(next);
    const notNewer = nextExpiry !== undefined && nextExpiry <= expiresAt;
    if (next === undefined || next === this.current || notNewer) {
      // No newer token yet (an auth server hiccup): ask again while there is time left.
      const left = expiresAt - this.options.now();
      if (left > 0)
        this.timer.set(() => void this.refresh(expiresAt), Math.min(TOKEN_RETRY_MS, left));
      return;
    }
    this.current = next;
    void this.options.send(next);
    this.schedule();
  }

  /**
   * Asks the source for a token now (the rooms changed) and sends it if it differs from the
   * current one; settles when the hub has answered, so a `subscribe` sent afterwards is judged
   * by the new grant. Settles at once when there is nothing new to send.
   */
  async refreshNow(): Promise<void> {
    const generation = this.generation;
    let next: string | undefined;
    try {
      next = await this.options.source();
    } catch {
      return;
    }
    if (generation !== this.generation || next === undefined || next === this.current) return;
    this.current = next;
    this.timer.clear();
    this.schedule();
    await this.options.send(next);
  }
}
