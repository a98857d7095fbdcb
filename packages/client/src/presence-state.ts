import type { IndicatorMessage, PresenceMember } from "@pulseboard/protocol";

/** What `connection.publish` sends besides the room and the kind. */
export interface IndicatorOptions {
  /** Any JSON value, at most 1024 characters encoded (e.g. `{ panel: "plays" }`). */
  payload?: unknown;
  /** How long others show it, 1 000..60 000 ms; the hub's default is 10 000. */
  ttlMs?: number;
}

/** An indicator someone published, as the store keeps it until it expires. */
export interface IndicatorEntry {
  kind: string;
  payload: unknown;
  /** The sender: user id, display name and the connection it came from. */
  from: IndicatorMessage["data"]["from"];
  /** When the hub accepted it (RFC 3339). */
  ts: string;
  /** When this client received it, and when it stops showing (ms since 1970, local clock). */
  receivedAt: number;
  expiresAt: number;
}

/** Who has a room open, and what they are doing there. */
export interface RoomPresence {
  /** One entry per user, in the order they arrived. */
  members: readonly PresenceMember[];
  /** Live indicators, newest first: one per (connection, kind); expired ones are pruned. */
  indicators: readonly IndicatorEntry[];
}

export const emptyPresence: RoomPresence = { members: [], indicators: [] };
