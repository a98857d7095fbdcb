import type { CollabMessage, IndicatorMessage, PresenceMember } from "@pulseboard/protocol";
import { MAX_INDICATORS_PER_ROOM } from "./defaults.js";
import { emptyPresence, type IndicatorEntry, type RoomPresence } from "./presence-state.js";

/**
 * Pure reducers for presence and indicators: (room presence, message) → new room presence,
 * never mutating their input.
 */

export type PresenceByRoom = Readonly<Record<string, RoomPresence>>;

/** Applies one collaboration message to the presence of every room. */
export function reduceCollab(
  presence: PresenceByRoom,
  message: CollabMessage,
  receivedAt: number,
): PresenceByRoom {
  const room = message.data.room;
  const current = presence[room] ?? emptyPresence;
  let next: RoomPresence;
  switch (message.type) {
    case "presence":
      next = reducePresenceSnapshot(current, message.data.members);
      break;
    case "join":
      next = reduceJoin(current, message.data.member);
      break;
    case "leave":
      next = reduceLeave(current, message.data.member);
      break;
    case "indicator":
      next = reduceIndicator(current, message.data, receivedAt);
      break;
  }
  return next === current ? presence : { ...presence, [room]: next };
}

/** The full member list (after subscribing, and after every reconnect) replaces what was known. */
export function reducePresenceSnapshot(
  room: RoomPresence,
  members: readonly PresenceMember[],
): RoomPresence {
  const present = new Set(members.map((member) => member.id));
  return {
    members: [...members],
    indicators: room.indicators.filter((indicator) => present.has(indicator.from.id)),
  };
}

export function reduceJoin(room: RoomPresence, member: PresenceMember): RoomPresence {
  const index = room.members.findIndex((existing) => existing.id === member.id);
  if (index === -1) return { ...room, members: [...room.members, member] };
  const existing = room.members[index];
  if (existing?.name === member.name) return room;
  return { ...room, members: room.members.map((m, i) => (i === index ? member : m)) };
}

/** A user left: their indicators go with them. */
export function reduceLeave(room: RoomPresence, member: PresenceMember): RoomPresence {
  const members = room.members.filter((existing) => existing.id !== member.id);
  const indicators = room.indicators.filter((indicator) => indicator.from.id !== member.id);
  if (members.length === room.members.length && indicators.length === room.indicators.length) {
    return room;
  }
  return { members, indicators };
}

/** A newer indicator of the same kind from the same connection replaces the older one. */
export function reduceIndicator(
  room: RoomPresence,
  data: IndicatorMessage["data"],
  receivedAt: number,
): RoomPresence {
  const entry: IndicatorEntry = {
    kind: data.kind,
    payload: data.payload,
    from: data.from,
    ts: data.ts,
    receivedAt,
    expiresAt: receivedAt + data.ttl_ms,
  };
  const others = room.indicators.filter(
    (indicator) =>
      indicator.kind !== data.kind || indicator.from.connection_id !== data.from.connection_id,
  );
  return { ...room, indicators: [entry, ...others].slice(0, MAX_INDICATORS_PER_ROOM) };
}

/** Drops expired indicators; returns `room` itself when none expired. */
export function pruneIndicators(room: RoomPresence, now: number): RoomPresence {
  const live = room.indicators.filter((indicator) => indicator.expiresAt > now);
  return live.length === room.indicators.length ? room : { ...room, indicators: live };
}

/** Prunes every room; returns `presence` itself when nothing expired. */
export function pruneAllIndicators(presence: PresenceByRoom, now: number): PresenceByRoom {
  let changed: Record<string, RoomPresence> | undefined;
  for (const [name, room] of Object.entries(presence)) {
    const pruned = pruneIndicators(room, now);
    if (pruned === room) continue;
    changed ??= { ...presence };
    changed[name] = pruned;
  }
  return changed ?? presence;
}

/** When the next indicator expires, or undefined when none is showing. */
export function nextIndicatorExpiry(presence: PresenceByRoom): number | undefined {
  let next: number | undefined;
  for (const room of Object.values(presence)) {
    for (const indicator of room.indicators) {
      if (next === undefined || indicator.expiresAt < next) next = indicator.expiresAt;
    }
  }
  return next;
}

/** Indicators still showing at `now` (for renders between two prunes). */
export function activeIndicators(room: RoomPresence | undefined, now: number): IndicatorEntry[] {
  return (room?.indicators ?? []).filter((indicator) => indicator.expiresAt > now);
}
