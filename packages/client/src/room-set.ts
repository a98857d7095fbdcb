import { isValidRoom } from "@pulseboard/protocol";
import type { ResumePoint } from "./resume-cursor.js";

/**
 * The rooms the client wants, which survive reconnects, and which of them have finished a
 * catch-up. Only settled rooms may resume with `since`: a room added while disconnected has
 * no history at the client, so it must get a snapshot instead of a replay.
 */
export class RoomSet {
  private readonly wanted = new Set<string>();
  private readonly settled = new Set<string>();
  /** Rooms whose state the client already holds up to a point (hydrated): subscribed with `since`. */
  private readonly resumeAt = new Map<string, ResumePoint>();
  /** History asked for per room (`subscribeRooms(rooms, { history })`), over the connection's. */
  private readonly historyFor = new Map<string, number>();

  constructor(rooms: Iterable<string> = []) {
    this.add(rooms);
  }

  /** Adds rooms; returns the ones that were not wanted yet. Throws on an invalid name. */
  add(rooms: Iterable<string>): string[] {
    const added: string[] = [];
    for (const room of rooms) {
      if (!isValidRoom(room)) {
        throw new TypeError(
          `invalid room ${JSON.stringify(room)}: names match ^[A-Za-z0-9_:-]{1,64}$`,
        );
      }
      if (this.wanted.has(room)) continue;
      this.wanted.add(room);
      added.push(room);
    }
    return added;
  }

  /** Removes rooms; returns the ones that were wanted. */
  remove(rooms: Iterable<string>): string[] {
    const removed: string[] = [];
    for (const room of rooms) {
      this.settled.delete(room);
      this.resumeAt.delete(room);
      this.historyFor.delete(room);
      if (this.wanted.delete(room)) removed.push(room);
    }
    return removed;
  }

  markSettled(rooms: Iterable<string>): void {
    for (const room of rooms) {
      if (!this.wanted.has(room)) continue;
      this.settled.add(room);
      this.resumeAt.delete(room);
    }
  }

  /** These rooms' state is held up to `point`: their first subscribe continues from it. */
  setResumePoint(rooms: Iterable<string>, point: ResumePoint): void {
    for (const room of rooms) if (this.wanted.has(room)) this.resumeAt.set(room, point);
  }

  resumePointOf(room: string): ResumePoint | undefined {
    return this.resumeAt.get(room);
  }

  /** These rooms start with their last `count` events whenever they are opened afresh. */
  setHistory(rooms: Iterable<string>, count: number): void {
    for (const room of rooms) if (this.wanted.has(room)) this.historyFor.set(room, count);
  }

  historyOf(room: string): number | undefined {
    return this.historyFor.get(room);
  }

  has(room: string): boolean {
    return this.wanted.has(room);
  }

  list(): string[] {
    return [...this.wanted];
  }

  settledList(): string[] {
    return this.list().filter((room) => this.settled.has(room));
  }

  freshList(): string[] {
    return this.list().filter((room) => !this.settled.has(room));
  }
}
