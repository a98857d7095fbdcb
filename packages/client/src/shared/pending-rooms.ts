import { ErrorCode, type ServerMessage } from "@pulseboard/protocol";
import { REPLY_TIMEOUT_MS } from "../defaults.js";
import type { Timers } from "../timers.js";

/**
 * Rooms the shared socket was asked to follow while already open, until the hub confirmed
 * them. A tab whose rooms are pending is told "connecting", not "open": with its own socket
 * the rooms would have been in the connect URL, followed from the first moment, and a page
 * that says "Live" must not miss what is published in between.
 */
export class PendingRooms {
  private readonly pending = new Map<string, unknown>();

  constructor(
    private readonly timers: Timers,
    private readonly onSettled: () => void,
  ) {}

  add(rooms: readonly string[]): void {
    for (const room of rooms) {
      this.clearTimer(room);
      // Never pending for longer than a reply may take: a lost answer must not hide the data.
      const timer = this.timers.setTimeout(() => this.settle([room]), REPLY_TIMEOUT_MS);
      this.pending.set(room, timer);
    }
  }

  has(room: string): boolean {
    return this.pending.has(room);
  }

  /** What the hub said: `subscribed` settles its rooms; a refused subscribe settles them all. */
  receive(message: ServerMessage): void {
    if (this.pending.size === 0) return;
    if (message.type === "subscribed") this.settle(message.data.rooms);
    else if (message.type === "error" && isRefusal(message.data.code))
      this.settle([...this.pending.keys()]);
  }

  settle(rooms: readonly string[]): void {
    let changed = false;
    for (const room of rooms) {
      if (!this.pending.has(room)) continue;
      this.clearTimer(room);
      this.pending.delete(room);
      changed = true;
    }
    if (changed) this.onSettled();
  }

  clear(): void {
    for (const room of [...this.pending.keys()]) this.clearTimer(room);
    this.pending.clear();
  }

  private clearTimer(room: string): void {
    if (this.pending.has(room)) this.timers.clearTimeout(this.pending.get(room));
  }
}

/** Errors that answer a `subscribe` with "no" (the hub names no rooms in them). */
function isRefusal(code: string): boolean {
  return code === ErrorCode.FORBIDDEN || code === ErrorCode.TOO_MANY_ROOMS;
}
