import type { EventType } from "@pulseboard/protocol";
import type { BrokerEvent } from "./broker.js";

/** The event types a snapshot is made of. */
export function isLatestValueType(type: EventType): boolean {
  return type === "stats_update" || type === "sync_progress";
}

/**
 * Latest-value state per room, kept apart from retention so a snapshot survives eviction of
 * old events: the newest `stats_update`, and the newest `sync_progress` of each running sync
 * (a sync leaves the state when it reports any other status).
 */
export class LatestValues {
  private readonly rooms = new Map<
    string,
    { stats?: BrokerEvent; syncs: Map<string, BrokerEvent> }
  >();

  record(event: BrokerEvent): void {
    if (event.type !== "stats_update" && event.type !== "sync_progress") return;
    let room = this.rooms.get(event.room);
    if (room === undefined) {
      room = { syncs: new Map() };
      this.rooms.set(event.room, room);
    }
    if (event.type === "stats_update") {
      room.stats = event;
    } else if (event.data.status === "running") {
      // Delete first so the Map's insertion order follows the newest update.
      room.syncs.delete(event.data.correlation_id);
      room.syncs.set(event.data.correlation_id, event);
    } else {
      room.syncs.delete(event.data.correlation_id);
    }
  }

  /** The room's latest-value events in seq order. */
  snapshot(room: string): BrokerEvent[] {
    const state = this.rooms.get(room);
    if (state === undefined) return [];
    const events = [...state.syncs.values()];
    if (state.stats !== undefined) events.push(state.stats);
    return events.sort((a, b) => a.seq - b.seq);
  }
}
