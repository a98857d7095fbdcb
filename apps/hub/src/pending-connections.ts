import type { Socket } from "node:net";

export type PendingDrop = "address" | "total";

interface PendingEntry {
  address: string;
  onClose: () => void;
}

export interface PendingConnectionsOptions {
  maxTotal: number;
  /** Per peer address; undefined: no per-address cap (behind a proxy every peer is the proxy). */
  maxPerAddress: number | undefined;
  onDrop?: (reason: PendingDrop) => void;
}

/**
 * Caps TCP connections that are not (yet) WebSocket connections: counted from the server's
 * `connection` event until the upgrade completes (`settle`) or the socket closes. That covers
 * sockets still sending their headers, upgrades waiting for their token check, and plain HTTP
 * connections (a kept-alive one may start another request at any time, so it stays counted
 * until it closes; Node closes idle ones after its keep-alive timeout).
 *
 * - Over the per-address cap, the new socket is destroyed at once: one address cannot hold
 *   more than its share, whatever the others do.
 * - Over the total cap, the OLDEST pending socket is destroyed to make room. A legitimate
 *   client finishes its upgrade within milliseconds, so the oldest pending socket is almost
 *   always a stalled one; refusing the newest instead would let anyone who keeps the cap full
 *   (a few hundred slow sockets per header timeout) lock every new client out.
 * - Sockets that completed an HTTP request (`served`: a publisher's kept-alive connection) go
 *   last: every socket that never finished a request is destroyed before any of them. Without
 *   this, a flood turns the pending set over within a fraction of a second and a producer's
 *   idle keep-alive connection is always the oldest: its next POST fails on a socket the hub
 *   just destroyed (measured with bench/src/slowloris: 5 of ~300 publishes failed). An
 *   attacker can earn the same standing only by completing requests, which the publish and
 *   health endpoints answer at once, and Node closes idle kept-alive sockets after its
 *   keep-alive timeout.
 *
 * Either way the number of pending sockets, and so the file descriptors they hold, never
 * exceeds `maxTotal`; Node's header timeout closes the stalled ones that stay.
 */
export class PendingConnections {
  /** Sockets that never completed a request; insertion order is age order (oldest first). */
  private readonly waiting = new Map<Socket, PendingEntry>();
  /** Sockets that completed a request, by when they last did (oldest first). */
  private readonly served = new Map<Socket, PendingEntry>();
  private readonly perAddress = new Map<string, number>();

  constructor(private readonly options: PendingConnectionsOptions) {}

  /** Counts a new socket, or destroys it (or the oldest one) when a cap is reached. */
  admit(socket: Socket): void {
    const address = socket.remoteAddress ?? "unknown";
    const { maxPerAddress, maxTotal } = this.options;
    if (maxPerAddress !== undefined && (this.perAddress.get(address) ?? 0) >= maxPerAddress) {
      this.options.onDrop?.("address");
      socket.destroy();
      return;
    }
    while (this.size >= maxTotal) {
      const oldest = this.waiting.keys().next().value ?? this.served.keys().next().value;
      if (oldest === undefined) break;
      this.release(oldest);
      this.options.onDrop?.("total");
      oldest.destroy();
    }
    if (socket.destroyed) return;
    const onClose = () => this.release(socket);
    this.waiting.set(socket, { address, onClose });
    this.perAddress.set(address, (this.perAddress.get(address) ?? 0) + 1);
    socket.once("close", onClose);
  }

  /** The socket became a WebSocket connection: it no longer counts. Idempotent. */
  settle(socket: Socket): void {
    this.release(socket);
  }

  /** An HTTP request on this socket was answered: it goes to the back of the eviction order. */
  completedRequest(socket: Socket): void {
    const entry = this.waiting.get(socket) ?? this.served.get(socket);
    if (entry === undefined) return;
    this.waiting.delete(socket);
    this.served.delete(socket);
    this.served.set(socket, entry);
  }

  get size(): number {
    return this.waiting.size + this.served.size;
  }

  private release(socket: Socket): void {
    const entry = this.waiting.get(socket) ?? this.served.get(socket);
    if (entry === undefined) return;
    this.waiting.delete(socket);
    this.served.delete(socket);
    // An upgraded socket lives on as a WebSocket: keep nothing of this on it.
    socket.off("close", entry.onClose);
    const { address } = entry;
    const count = this.perAddress.get(address) ?? 0;
    if (count <= 1) this.perAddress.delete(address);
    else this.perAddress.set(address, count - 1);
  }
}
