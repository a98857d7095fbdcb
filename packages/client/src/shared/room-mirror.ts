import type { CollabMessage, ServerEvent } from "@pulseboard/protocol";
import { type PresenceByRoom, pruneIndicators, reduceCollab } from "../presence-reducers.js";
import type { RoomPresence } from "../presence-state.js";
import { pastEventTime, reduceEvent, resetRoom } from "../reducers.js";
import { emptyRoom, type RoomState } from "../room-state.js";

/**
 * The state of every room the shared socket follows, kept with the store's own reducers. A
 * tab that opens a room another tab already follows gets this as its starting point: the hub
 * sends a room's snapshot once per connection, and the shared connection has had it already.
 */
export class RoomMirror {
  private readonly rooms = new Map<string, RoomState>();
  private presence: PresenceByRoom = {};

  event(event: ServerEvent, receivedAt: number, catchUp: boolean): void {
    const happenedAt = catchUp ? pastEventTime(event, receivedAt) : receivedAt;
    this.rooms.set(
      event.room,
      reduceEvent(this.rooms.get(event.room) ?? emptyRoom, event, receivedAt, happenedAt),
    );
  }

  /**
   * A tab's hydrated state of a room (server-rendered), which the socket continues from: the
   * starting point of tabs that join the room later. Ignored for a room already known.
   */
  seed(rooms: Readonly<Record<string, RoomState>>): void {
    for (const [room, state] of Object.entries(rooms)) {
      if (!this.rooms.has(room)) this.rooms.set(room, state);
    }
  }

  reset(rooms: readonly string[]): void {
    for (const room of rooms) this.rooms.set(room, resetRoom());
  }

  collab(message: CollabMessage, receivedAt: number): void {
    this.presence = reduceCollab(this.presence, message, receivedAt);
  }

  /** The socket is not open: nobody is known to be anywhere. */
  presenceLost(): void {
    this.presence = {};
  }

  forget(rooms: readonly string[]): void {
    for (const room of rooms) this.rooms.delete(room);
    const presence = { ...this.presence };
    for (const room of rooms) delete presence[room];
    this.presence = presence;
  }

  /** What a tab joining `room` starts from; undefined when nothing is known of it yet. */
  snapshot(
    room: string,
    now: number,
  ): { state: RoomState; presence: RoomPresence | undefined } | undefined {
    const state = this.rooms.get(room);
    const presence = this.presence[room];
    if (state === undefined && presence === undefined) return undefined;
    return {
      state: state ?? emptyRoom,
      presence: presence === undefined ? undefined : pruneIndicators(presence, now),
    };
  }
}
