import type { PresenceMember } from "@pulseboard/protocol";
import type { PresenceChange } from "./registry.js";

/**
 * Who is present where, over every hub: the contract between the hub's presence handling
 * (`Collab`, which knows sockets) and how hubs share membership (which knows none). The store
 * only records and answers; it never sends frames. The engine in use gossips over the broker's
 * ephemeral bus (gossip-store.ts); a store backed by a shared database would implement the same.
 *
 * `add` and `remove` return the changes they caused at once, so that the caller can announce
 * them before it tells the newcomer who is there; changes that come from other hubs arrive
 * through the listener given to `start`.
 */
export interface PresenceStore {
  /** This hub's id among the hubs sharing the store. */
  readonly hubId: string;
  /** Distinct users present over every room and hub. */
  readonly memberCount: number;
  /** The other hubs currently known to be alive. */
  readonly peers: string[];
  /** Reports from other hubs that were malformed and ignored. */
  readonly invalidReports: number;

  start(onRemoteChanges: (changes: readonly PresenceChange[]) => void): void;
  /** Leaves the store: the others forget this hub's connections. Idempotent. */
  stop(): void;

  add(room: string, connection: string, member: PresenceMember): PresenceChange[];
  remove(room: string, connection: string): PresenceChange[];
  members(room: string): PresenceMember[];
}
