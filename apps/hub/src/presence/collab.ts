import type { PresenceMember, PublishMessage } from "@pulseboard/protocol";
import type { EphemeralBus } from "../broker/broker.js";
import type { Client } from "../client.js";
import { controlFrame } from "../delivery/frames.js";
import type { Logger } from "../logger.js";
import type { RateLimit } from "../rate-limiter.js";
import { GossipPresenceStore } from "./gossip-store.js";
import { IndicatorRelay } from "./indicator-relay.js";
import { memberOf } from "./member.js";
import type { PresenceStore } from "./presence-store.js";
import type { PresenceChange } from "./registry.js";

export interface CollabOptions {
  bus: EphemeralBus;
  logger: Logger;
  /** How often this hub reports its whole presence state to the others. */
  heartbeatMs: number;
  /** Indicators one connection may publish (its own bucket, besides the inbound limit). */
  indicatorRate: RateLimit;
  now?: () => number;
  /** Where presence is shared between hubs; gossip over `bus` unless given. */
  store?: PresenceStore;
}

/**
 * Presence and indicators for this hub's connections that opted in (`presence=1`): who gets
 * which frames. What is shared between hubs lives behind two parts with one job each: the
 * presence store (membership over every hub) and the indicator relay (indicators to every hub).
 * Nothing here touches the event fan-out.
 */
export class Collab {
  private readonly store: PresenceStore;
  private readonly relay: IndicatorRelay;
  /** Opted-in local connections per room: who gets presence and indicator frames. */
  private readonly local = new Map<string, Set<Client>>();
  private stopped = false;

  constructor(options: CollabOptions) {
    this.store =
      options.store ??
      new GossipPresenceStore({
        bus: options.bus,
        logger: options.logger,
        heartbeatMs: options.heartbeatMs,
        ...(options.now === undefined ? {} : { now: options.now }),
      });
    this.relay = new IndicatorRelay({
      bus: options.bus,
      logger: options.logger,
      indicatorRate: options.indicatorRate,
      audience: (room) => this.local.get(room),
      ...(options.now === undefined ? {} : { now: options.now }),
    });
  }

  get hubId(): string {
    return this.store.hubId;
  }

  get memberCount(): number {
    return this.store.memberCount;
  }

  /** The other hubs currently known to be alive. */
  get peers(): string[] {
    return this.store.peers;
  }

  get hubCount(): number {
    return this.store.peers.length + 1;
  }

  get stats() {
    return {
      indicatorsPublished: this.relay.indicatorsPublished,
      indicatorsRelayed: this.relay.indicatorsRelayed,
      invalidReports: this.store.invalidReports + this.relay.invalidIndicators,
    };
  }

  /** Who is in `room`, over every hub. */
  members(room: string): PresenceMember[] {
    return this.store.members(room);
  }

  start(): void {
    this.store.start((changes) => this.announce(changes));
    this.relay.start();
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.store.stop();
    this.relay.stop();
  }

  /** Rooms a connection finished subscribing: it appears in them and gets their members. */
  enter(client: Client, rooms: readonly string[]): void {
    if (!client.presence || !client.isOpen || this.stopped) return;
    const member = memberOf(client);
    for (const room of rooms) {
      if (!client.rooms.has(room)) continue;
      let clients = this.local.get(room);
      if (clients === undefined) {
        clients = new Set();
        this.local.set(room, clients);
      }
      if (clients.has(client)) continue;
      // Others hear about the newcomer; the newcomer gets the whole list (itself included).
      this.announce(this.store.add(room, client.id, member));
      clients.add(client);
      client.sendControl({ type: "presence", data: { room, members: this.store.members(room) } });
    }
  }

  /** Rooms a connection left (unsubscribed, revoked, or closed). */
  exit(client: Client, rooms: readonly string[]): void {
    for (const room of rooms) {
      const clients = this.local.get(room);
      if (clients === undefined || !clients.delete(client)) continue;
      if (clients.size === 0) this.local.delete(room);
      this.announce(this.store.remove(room, client.id));
    }
  }

  /** A client's `publish` of an indicator. */
  publish(client: Client, message: PublishMessage): void {
    this.relay.publish(client, message);
  }

  /** Sends join/leave frames to this hub's opted-in connections of each room. */
  private announce(changes: readonly PresenceChange[]): void {
    for (const change of changes) {
      const clients = this.local.get(change.room);
      if (clients === undefined) continue;
      const frame = controlFrame({
        type: change.type,
        data: { room: change.room, member: change.member },
      });
      for (const client of clients) client.writer.send(frame);
    }
  }
}
