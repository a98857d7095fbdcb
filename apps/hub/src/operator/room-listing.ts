import type { Gathered } from "./cluster-bus.js";

/** One room over the cluster, as `GET /api/v1/admin/rooms` lists it. */
export interface RoomListing {
  room: string;
  /** Subscribers over every hub that answered, and per hub. */
  total: number;
  hubs: Record<string, number>;
  /**
   * Events per second into the room. Every hub reads the whole stream, so each hub following
   * the room counts the same events: the room's rate is the highest a hub reports, not a sum.
   */
  events_per_second: number;
  /** The rate each hub measured (hubs with subscribers in the room only). */
  rates: Record<string, number>;
  /** Event frames per second going out to the room's subscribers: Σ hub rate × subscribers. */
  deliveries_per_second: number;
}

/**
 * Merges the hubs' `rooms` answers. A hub answers `{room: {subscribers, events_per_second}}`;
 * a hub of an older version answers `{room: subscribers}` and contributes no rate.
 */
export function mergeRooms(gathered: Gathered): RoomListing[] {
  const byRoom = new Map<string, RoomListing>();
  for (const { hub, result } of gathered.answers) {
    if (result === null || typeof result !== "object") continue;
    for (const [room, value] of Object.entries(result)) {
      const view = readView(value);
      if (view === undefined) continue;
      const entry = byRoom.get(room) ?? emptyListing(room);
      entry.total += view.subscribers;
      entry.hubs[hub] = view.subscribers;
      if (view.rate !== undefined) {
        entry.rates[hub] = round(view.rate);
        entry.events_per_second = Math.max(entry.events_per_second, round(view.rate));
        entry.deliveries_per_second = round(
          entry.deliveries_per_second + view.rate * view.subscribers,
        );
      }
      byRoom.set(room, entry);
    }
  }
  return [...byRoom.values()].sort((a, b) => a.room.localeCompare(b.room));
}

function emptyListing(room: string): RoomListing {
  return { room, total: 0, hubs: {}, events_per_second: 0, rates: {}, deliveries_per_second: 0 };
}

function readView(value: unknown): { subscribers: number; rate?: number } | undefined {
  if (typeof value === "number") return { subscribers: value };
  if (value === null || typeof value !== "object") return undefined;
  const { subscribers, events_per_second: rate } = value as Record<string, unknown>;
  if (typeof subscribers !== "number") return undefined;
  return typeof rate === "number" ? { subscribers, rate } : { subscribers };
}

/** Two decimals: enough for a table, and stable to compare. */
function round(value: number): number {
  return Math.round(value * 100) / 100;
}
