import { CloseCode } from "@pulseboard/protocol";
import type { Principal } from "../auth/principal.js";
import type { Client } from "../client.js";
import type { Logger } from "../logger.js";
import { type DenyEntry, DenyList } from "./deny-list.js";
import type { DenyStore } from "./deny-store.js";

/** How often a hub rereads the stored deny list (revocations also reach it at once on the bus). */
export const DENY_LIST_SYNC_MS = 5_000;

export interface RevocationsOptions {
  openStore: () => Promise<DenyStore>;
  clients: () => Iterable<Client>;
  logger: Logger;
  /** HUB_REVOKE_MAX_S: the longest token lifetime a revocation covers. */
  maxSeconds: number;
  /** Clock skew the verifier tolerates on `exp`: tokens live this much longer. */
  leewaySeconds: number;
  now?: () => number;
}

/**
 * This hub's side of revocation: its copy of the deny list (checked by the token verifier on
 * every upgrade and `refresh`), loaded from the store at start and every DENY_LIST_SYNC_MS,
 * and fed at once by revocations other hubs announce (`apply`). Connections a new entry
 * covers are closed with 4003 (REVOKED).
 */
export class Revocations {
  readonly list: DenyList;
  private store: DenyStore | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly now: () => number;

  constructor(private readonly options: RevocationsOptions) {
    this.now = options.now ?? (() => Date.now() / 1000);
    this.list = new DenyList(this.now);
  }

  /** For the token verifier. */
  readonly check = (principal: Principal): boolean => this.list.denies(principal);

  async start(): Promise<void> {
    this.store = await this.options.openStore();
    await this.sync();
    this.timer = setInterval(() => {
      this.sync().catch((error: unknown) =>
        this.options.logger.warn({ err: error }, "deny list sync failed; retrying"),
      );
    }, DENY_LIST_SYNC_MS);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.store?.close();
  }

  /**
   * The entry an operator's request makes: `exp` is when the covered tokens expire (at most
   * HUB_REVOKE_MAX_S from now; without it, that long).
   */
  entryFor(kind: DenyEntry["kind"], value: string, exp: number | undefined): DenyEntry {
    const latest = Math.ceil(this.now()) + this.options.maxSeconds;
    return { kind, value, until: Math.min(exp ?? latest, latest) + this.options.leewaySeconds };
  }

  /** Stores an entry so every hub, and every hub started later, refuses what it covers. */
  async record(entry: DenyEntry): Promise<void> {
    if (this.store === undefined) throw new Error("the deny list is not open yet");
    await this.store.put(entry);
  }

  /** Adds an entry to this hub's copy and closes the connections it covers; how many. */
  apply(entry: DenyEntry): number {
    this.list.add(entry);
    return this.closeDenied();
  }

  private async sync(): Promise<void> {
    if (this.store === undefined) return;
    let added = false;
    for (const entry of await this.store.load()) added = this.list.add(entry) || added;
    this.list.prune();
    if (added) this.closeDenied();
  }

  private closeDenied(): number {
    let closed = 0;
    for (const client of [...this.options.clients()]) {
      if (!client.isOpen || !this.list.denies(client.principal)) continue;
      client.close(CloseCode.REVOKED, "token revoked by an operator");
      closed++;
    }
    return closed;
  }
}
