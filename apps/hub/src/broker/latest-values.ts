import { alertKey, type EventType } from "@pulseboard/protocol";
import { ACKNOWLEDGED_ALERTS_PER_ROOM } from "../defaults.js";
import type { BrokerEvent } from "./broker.js";

/** The event types a snapshot is made of. */
export function isLatestValueType(type: EventType): boolean {
  return type === "stats_update" || type === "sync_progress" || type === "alert_acknowledged";
}

interface RoomValues {
  stats?: BrokerEvent;
  /** Running syncs by correlation id. */
  syncs: Map<string, BrokerEvent>;
  /** The newest acknowledgement of each alert, least recently acknowledged first. */
  acks: Map<string, BrokerEvent>;
}

/**
 * Latest-value state per room, kept apart from retention so a snapshot survives eviction of
 * old events: the newest `stats_update`, the newest `sync_progress` of each running sync (a
 * sync leaves the state when it reports any other status), and the newest `alert_acknowledged`
 * of each alert, at most ACKNOWLEDGED_ALERTS_PER_ROOM of them (the least recently acknowledged
 * leaves first), so a dashboard opened later shows an alert acknowledged however long ago.
 */
export class LatestValues {
  private readonly rooms = new Map<string, RoomValues>();

  constructor(private readonly acksPerRoom = ACKNOWLEDGED_ALERTS_PER_ROOM) {}

  record(event: BrokerEvent): void {
    if (!isLatestValueType(event.type)) return;
    let room = this.rooms.get(event.room);
    if (room === undefined) {
      room = { syncs: new Map(), acks: new Map() };
      this.rooms.set(event.room, room);
    }
    if (event.type === "stats_update") {
      room.stats = event;
    } else if (event.type === "sync_progress") {
      room.syncs.delete(event.data.correlation_id);
      if (event.data.status === "running") room.syncs.set(event.data.correlation_id, event);
    } else if (event.type === "alert_acknowledged") {
      recordAck(room.acks, event, this.acksPerRoom);
    }
  }

  /** The room's latest-value events in seq order. */
  snapshot(room: string): BrokerEvent[] {
    const state = this.rooms.get(room);
    if (state === undefined) return [];
    const events = [...state.syncs.values(), ...state.acks.values()];
    if (state.stats !== undefined) events.push(state.stats);
    return events.sort((a, b) => a.seq - b.seq);
  }
}

function recordAck(
  acks: Map<string, BrokerEvent>,
  event: Extract<BrokerEvent, { type: "alert_acknowledged" }>,
  limit: number,
): void {
  const key = alertKey(event.data.alert_id);
  const current = acks.get(key);
  // A seed and the live feed may both hand over an acknowledgement; the newer one stays.
  if (current !== undefined && current.seq >= event.seq) return;
  // Delete first so the Map's insertion order follows the newest acknowledgement.
  acks.delete(key);
  acks.set(key, event);
  if (acks.size > limit) {
    const oldest = acks.keys().next();
    if (!oldest.done) acks.delete(oldest.value);
  }
}
