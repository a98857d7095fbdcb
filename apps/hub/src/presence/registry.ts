import type { PresenceMember } from "@pulseboard/protocol";

/** A user became present in a room (first connection anywhere) or absent (last one gone). */
export interface PresenceChange {
  type: "join" | "leave";
  room: string;
  member: PresenceMember;
}

/** One hub's presence: room → connection id → member. */
export type HubPresence = Map<string, Map<string, PresenceMember>>;

interface Tally {
  member: PresenceMember;
  /** Connections of this user in the room, over every hub. */
  connections: number;
}

/**
 * Who is in which room, over every hub, one connection at a time; users are counted so that a
 * user with several tabs (on one or several hubs) joins once and leaves once. Pure data: the
 * caller feeds it local and remote changes and sends out the returned changes.
 */
export class PresenceRegistry {
  private readonly hubs = new Map<string, HubPresence>();
  private readonly rooms = new Map<string, Map<string, Tally>>();

  add(hub: string, room: string, connection: string, member: PresenceMember): PresenceChange[] {
    const rooms = this.hubOf(hub);
    let connections = rooms.get(room);
    if (connections === undefined) {
      connections = new Map();
      rooms.set(room, connections);
    }
    const previous = connections.get(connection);
    if (previous !== undefined) {
      if (previous.id === member.id) return [];
      // The connection now speaks for another user (cannot happen with hubs that follow the rules).
      return [...this.remove(hub, room, connection), ...this.add(hub, room, connection, member)];
    }
    const changes: PresenceChange[] = [];
    connections.set(connection, member);
    let tallies = this.rooms.get(room);
    if (tallies === undefined) {
      tallies = new Map();
      this.rooms.set(room, tallies);
    }
    const tally = tallies.get(member.id);
    if (tally !== undefined) {
      tally.connections++;
      return changes;
    }
    tallies.set(member.id, { member, connections: 1 });
    changes.push({ type: "join", room, member });
    return changes;
  }

  remove(hub: string, room: string, connection: string): PresenceChange[] {
    const connections = this.hubs.get(hub)?.get(room);
    const member = connections?.get(connection);
    if (connections === undefined || member === undefined) return [];
    connections.delete(connection);
    if (connections.size === 0) this.hubs.get(hub)?.delete(room);
    const tallies = this.rooms.get(room);
    const tally = tallies?.get(member.id);
    if (tallies === undefined || tally === undefined) return [];
    if (--tally.connections > 0) return [];
    tallies.delete(member.id);
    if (tallies.size === 0) this.rooms.delete(room);
    return [{ type: "leave", room, member: tally.member }];
  }

  /**
   * Makes `state` everything known about `hub` (a full report from it). Additions go first, so
   * a user who merely switched connections neither leaves nor joins.
   */
  replace(hub: string, state: HubPresence): PresenceChange[] {
    const changes: PresenceChange[] = [];
    for (const [room, connections] of state) {
      for (const [connection, member] of connections) {
        changes.push(...this.add(hub, room, connection, member));
      }
    }
    for (const [room, connections] of [...(this.hubs.get(hub) ?? [])]) {
      for (const connection of [...connections.keys()]) {
        if (!state.get(room)?.has(connection)) changes.push(...this.remove(hub, room, connection));
      }
    }
    return changes;
  }

  /** Forgets a hub (it said goodbye, or stopped reporting). */
  drop(hub: string): PresenceChange[] {
    const changes = this.replace(hub, new Map());
    this.hubs.delete(hub);
    return changes;
  }

  members(room: string): PresenceMember[] {
    return [...(this.rooms.get(room)?.values() ?? [])].map((tally) => tally.member);
  }

  /** Everything known about one hub, e.g. this hub's own report. */
  stateOf(hub: string): HubPresence {
    return this.hubs.get(hub) ?? new Map();
  }

  knownHubs(): string[] {
    return [...this.hubs.keys()];
  }

  /** Users present, summed over rooms (a metric). */
  get memberCount(): number {
    let total = 0;
    for (const tallies of this.rooms.values()) total += tallies.size;
    return total;
  }

  private hubOf(hub: string): HubPresence {
    let rooms = this.hubs.get(hub);
    if (rooms === undefined) {
      rooms = new Map();
      this.hubs.set(hub, rooms);
    }
    return rooms;
  }
}
