import type { Timers } from "../timers.js";

/** A tab that can be asked for a token. */
export interface TokenProvider {
  requestToken(requestId: number, rooms: string[]): void;
}

/** How long a tab may take to produce a token before another tab is asked. */
export const TOKEN_REQUEST_TIMEOUT_MS = 15_000;

interface Pending {
  provider: TokenProvider;
  rooms: string[];
  resolve(token: string | undefined): void;
  reject(error: Error): void;
  timer: unknown;
}

/**
 * Gets tokens for the shared socket from the tabs: token sources are functions (cookies,
 * fetches, an auth library's session) and stay in the page, so the worker asks the most
 * recently attached tab that has one. If that tab goes away before answering, the next one
 * is asked; with no tab able to answer, the connection goes without a token.
 */
export class TokenBroker {
  private readonly providers: TokenProvider[] = [];
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;

  constructor(private readonly timers: Timers) {}

  addProvider(provider: TokenProvider): void {
    this.providers.push(provider);
  }

  /** The tab is gone: its unanswered requests go to another tab. */
  removeProvider(provider: TokenProvider): void {
    const index = this.providers.indexOf(provider);
    if (index >= 0) this.providers.splice(index, 1);
    for (const [id, request] of [...this.pending]) {
      if (request.provider !== provider) continue;
      this.timers.clearTimeout(request.timer);
      this.pending.delete(id);
      this.ask(request.rooms, request.resolve, request.reject);
    }
  }

  request(rooms: string[]): Promise<string | undefined> {
    return new Promise((resolve, reject) => this.ask(rooms, resolve, reject));
  }

  /** A tab answered request `requestId`. */
  answer(requestId: number, token: string | undefined, failed: boolean): void {
    const request = this.pending.get(requestId);
    if (request === undefined) return;
    this.timers.clearTimeout(request.timer);
    this.pending.delete(requestId);
    if (failed) request.reject(new Error("the tab's token source failed"));
    else request.resolve(token);
  }

  private ask(
    rooms: string[],
    resolve: (token: string | undefined) => void,
    reject: (error: Error) => void,
  ): void {
    const provider = this.providers.at(-1);
    if (provider === undefined) {
      resolve(undefined);
      return;
    }
    const requestId = ++this.nextId;
    const timer = this.timers.setTimeout(() => {
      this.pending.delete(requestId);
      reject(new Error("no tab answered the token request in time"));
    }, TOKEN_REQUEST_TIMEOUT_MS);
    this.pending.set(requestId, { provider, rooms, resolve, reject, timer });
    provider.requestToken(requestId, rooms);
  }
}
