import type { DenyEntry } from "./deny-list.js";

/**
 * Where the deny list lives so that every hub, and every hub started later, sees it: a NATS KV
 * bucket with the NATS engine (nats-deny-store.ts), nowhere with the memory engine (a single
 * hub: the list lives in its process and ends with it).
 */
export interface DenyStore {
  /** Every entry still stored (expired ones may be among them: the reader drops them). */
  load(): Promise<DenyEntry[]>;
  put(entry: DenyEntry): Promise<void>;
  close(): Promise<void>;
}

export class ProcessDenyStore implements DenyStore {
  private readonly entries: DenyEntry[] = [];

  async load(): Promise<DenyEntry[]> {
    return [...this.entries];
  }

  async put(entry: DenyEntry): Promise<void> {
    this.entries.push(entry);
  }

  async close(): Promise<void> {}
}
