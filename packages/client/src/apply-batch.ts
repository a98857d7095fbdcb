import type { CollabMessage, ServerEvent } from "@pulseboard/protocol";
import type { ConnectionState } from "./connection-state.js";
import { refreshRate } from "./event-rate.js";
import { type PresenceByRoom, reduceCollab } from "./presence-reducers.js";
import type { RoomPresence } from "./presence-state.js";
import { pastEventTime, reduceEvent, resetRoom } from "./reducers.js";
import { emptyRoom, type RoomState } from "./room-state.js";

/** What the store receives from a connection, buffered between flushes in arrival order. */
export type Ingest =
  /** `catchUp`: a snapshot or history event (counted at its `ts`, see `reduceEvent`). */
  | { kind: "event"; event: ServerEvent; receivedAt: number; catchUp?: boolean }
  | { kind: "reset"; rooms: readonly string[] }
  | { kind: "collab"; message: CollabMessage; receivedAt: number }
  /** A room's whole state, from the shared connection another tab already had. */
  | { kind: "room_state"; room: string; state: RoomState; presence: RoomPresence | undefined }
  /** The connection is no longer open: nobody is known to be here any more. */
  | { kind: "presence_lost" };

/** The store's data (its actions are added by the store). */
export interface PulseData {
  connection: ConnectionState;
  rooms: Readonly<Record<string, RoomState>>;
  /** Members and live indicators per room (only with `presence: true`). */
  presence: PresenceByRoom;
  /** When the last event of any room arrived (ms since 1970). */
  lastEventAt: number | undefined;
  latency: {
    /** JSON ping → pong round trip, ms. */
    roundTripMs: number | undefined;
    /** Last event's hub timestamp `ts` → receipt, ms (includes any clock skew between the two). */
    eventLagMs: number | undefined;
  };
}

/** Applies a whole batch in one pass and returns the changed parts of the store's data. */
export function applyBatch(
  data: PulseData,
  items: readonly Ingest[],
  now: number,
): Pick<PulseData, "rooms" | "lastEventAt" | "latency" | "presence"> {
  const rooms: Record<string, RoomState> = { ...data.rooms };
  let presence = data.presence;
  let last: { event: ServerEvent; receivedAt: number } | undefined;
  for (const item of items) {
    if (item.kind === "reset") {
      for (const room of item.rooms) rooms[room] = resetRoom();
      continue;
    }
    if (item.kind === "collab") {
      presence = reduceCollab(presence, item.message, item.receivedAt);
      continue;
    }
    if (item.kind === "room_state") {
      rooms[item.room] = item.state;
      if (item.presence !== undefined) presence = { ...presence, [item.room]: item.presence };
      continue;
    }
    if (item.kind === "presence_lost") {
      if (Object.keys(presence).length > 0) presence = {};
      continue;
    }
    const { event, receivedAt } = item;
    const happenedAt = item.catchUp === true ? pastEventTime(event, receivedAt) : receivedAt;
    rooms[event.room] = reduceEvent(rooms[event.room] ?? emptyRoom, event, receivedAt, happenedAt);
    // The lag of a past event says nothing about the link.
    if (item.catchUp !== true) last = item;
  }
  return {
    rooms: refreshRates(rooms, now),
    presence,
    lastEventAt: last?.receivedAt ?? data.lastEventAt,
    latency:
      last === undefined
        ? data.latency
        : { ...data.latency, eventLagMs: last.receivedAt - Date.parse(last.event.ts) },
  };
}

/** Recomputes every room's rate at `now`; returns `rooms` itself when no rate changed. */
export function refreshRates(
  rooms: Readonly<Record<string, RoomState>>,
  now: number,
): Readonly<Record<string, RoomState>> {
  let changed: Record<string, RoomState> | undefined;
  for (const [name, room] of Object.entries(rooms)) {
    const rate = refreshRate(room.rate, now);
    if (rate === room.rate) continue;
    changed ??= { ...rooms };
    changed[name] = { ...room, rate };
  }
  return changed ?? rooms;
}
