/**
 * Which tabs want which rooms. The shared socket follows a room while at least one tab wants
 * it: `add` reports the rooms that gained their first tab (to subscribe), `remove` the rooms
 * that lost their last (to unsubscribe).
 */
export class RoomRefs<Tab> {
  private readonly byRoom = new Map<string, Set<Tab>>();

  /** Returns the rooms no tab wanted before. */
  add(tab: Tab, rooms: Iterable<string>): string[] {
    const first: string[] = [];
    for (const room of rooms) {
      let tabs = this.byRoom.get(room);
      if (tabs === undefined) {
        tabs = new Set();
        this.byRoom.set(room, tabs);
        first.push(room);
      }
      tabs.add(tab);
    }
    return first;
  }

  /** Returns the rooms no tab wants any more. */
  remove(tab: Tab, rooms: Iterable<string>): string[] {
    const last: string[] = [];
    for (const room of rooms) {
      const tabs = this.byRoom.get(room);
      if (tabs === undefined || !tabs.delete(tab)) continue;
      if (tabs.size === 0) {
        this.byRoom.delete(room);
        last.push(room);
      }
    }
    return last;
  }

  /** Every room of `tab`, removed; returns the rooms no tab wants any more. */
  removeTab(tab: Tab): string[] {
    return this.remove(tab, this.roomsOf(tab));
  }

  wants(tab: Tab, room: string): boolean {
    return this.byRoom.get(room)?.has(tab) ?? false;
  }

  roomsOf(tab: Tab): string[] {
    const rooms: string[] = [];
    for (const [room, tabs] of this.byRoom) if (tabs.has(tab)) rooms.push(room);
    return rooms;
  }

  rooms(): string[] {
    return [...this.byRoom.keys()];
  }
}
