import type { NetworkEvents } from "../socket.js";

type NetworkListener = () => void;

/**
 * `online`/`offline` for the shared socket, as the tabs report them. A worker's own network
 * events are not dependable across browsers (and tests that take a page offline do not reach
 * the worker at all), while every tab sees its window's.
 */
export class RelayedNetwork implements NetworkEvents {
  private readonly listeners = {
    online: new Set<NetworkListener>(),
    offline: new Set<NetworkListener>(),
  };
  private online = true;

  addEventListener(type: "online" | "offline", listener: NetworkListener): void {
    this.listeners[type].add(listener);
  }

  removeEventListener(type: "online" | "offline", listener: NetworkListener): void {
    this.listeners[type].delete(listener);
  }

  report(online: boolean): void {
    if (online === this.online) return;
    this.online = online;
    for (const listener of [...this.listeners[online ? "online" : "offline"]]) listener();
  }
}
