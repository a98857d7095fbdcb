/**
 * An event handler property. Checked bivariantly (as methods are), so implementations whose
 * handlers take richer event types — the DOM's MessageEvent, `ws`'s — still fit.
 */
type Handler<E> = { bivarianceHack(event: E): void }["bivarianceHack"] | null;

/**
 * The part of the WebSocket API the client uses. The browser's WebSocket and the `ws`
 * package's both fit, so the same client runs in browsers, Node and tests.
 */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: Handler<unknown>;
  onmessage: Handler<{ data: unknown }>;
  onclose: Handler<{ code: number; reason: string }>;
  onerror: Handler<unknown>;
}

export type WebSocketConstructor = new (
  url: string,
  protocols?: string | string[],
) => WebSocketLike;

/** WebSocket.OPEN; the constant is read from no constructor since test doubles may lack it. */
export const OPEN = 1;

/** Source of the browser's `online`/`offline` events (normally `window`). */
export interface NetworkEvents {
  addEventListener(type: "online" | "offline", listener: () => void): void;
  removeEventListener(type: "online" | "offline", listener: () => void): void;
}

/** `globalThis` in a browser; undefined where there are no such events (Node). */
export function defaultNetworkEvents(): NetworkEvents | undefined {
  const target = globalThis as Partial<NetworkEvents>;
  return typeof target.addEventListener === "function" &&
    typeof target.removeEventListener === "function"
    ? (target as NetworkEvents)
    : undefined;
}

/** Whether the browser says it has no network at all (false where nobody knows). */
export function reportsOffline(): boolean {
  const navigatorLike = (globalThis as { navigator?: { onLine?: unknown } }).navigator;
  return navigatorLike?.onLine === false;
}

/** The global WebSocket (browsers, Node 22+), or a clear error asking for one. */
export function defaultWebSocket(): WebSocketConstructor {
  const candidate = (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
  if (candidate === undefined) {
    throw new TypeError(
      "no global WebSocket: pass one in the options, e.g. { WebSocket } from the `ws` package",
    );
  }
  return candidate;
}
