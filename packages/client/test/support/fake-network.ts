import type { NetworkEvents } from "../../src/socket.js";

/** Stands in for `window`'s online/offline events. */
export class FakeNetwork implements NetworkEvents {
  private readonly listeners = new Map<string, Set<() => void>>();

  addEventListener(type: "online" | "offline", listener: () => void): void {
    const set = this.listeners.get(type) ?? new Set();
    set.add(listener);
    this.listeners.set(type, set);
  }

  removeEventListener(type: "online" | "offline", listener: () => void): void {
    this.listeners.get(type)?.delete(listener);
  }

  emit(type: "online" | "offline"): void {
    for (const listener of this.listeners.get(type) ?? []) listener();
  }

  count(type: "online" | "offline"): number {
    return this.listeners.get(type)?.size ?? 0;
  }
}
