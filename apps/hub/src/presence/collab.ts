import { randomUUID } from "node:crypto";
import {
  DEFAULT_INDICATOR_TTL_MS,
  ErrorCode,
  MAX_DISPLAY_NAME_LENGTH,
  type PresenceMember,
  type PublishMessage,
} from "@pulseboard/protocol";
import type { EphemeralBus, EphemeralMessage } from "../broker/broker.js";
import type { Client } from "../client.js";
import { controlFrame } from "../delivery/frames.js";
import type { Logger } from "../logger.js";
import { type RateLimit, RateLimiter } from "../rate-limiter.js";
import { type PresenceChange, PresenceRegistry } from "./registry.js";
import {
  decodeState,
  encodeState,
  HUB_ID_PATTERN,
  type IndicatorData,
  indicatorDataSchema,
  PRESENCE_CHANNEL,
  type PresenceReport,
  presenceChannel,
  presenceReportSchema,
  ROOM_CHANNEL,
  roomChannel,
} from "./wire.js";

export interface CollabOptions {
  bus: EphemeralBus;
  logger: Logger;
  /** How often this hub reports its whole presence state to the others. */
  heartbeatMs: number;
  /** Indicators one connection may publish (its own bucket, besides the inbound limit). */
  indicatorRate: RateLimit;
  now?: () => number;
}

/** A hub that sent nothing for this many heartbeats is taken for dead and its members leave. */
export const MISSED_HEARTBEATS = 3;

/**
 * Presence and indicators, for connections that opted in (`presence=1`). Every hub keeps the
 * presence of all hubs: its own connections directly, the others' from the reports they send on
 * the broker's ephemeral channel (a delta at each join/leave, the whole state every heartbeat).
 * A hub that stops reporting is forgotten after MISSED_HEARTBEATS heartbeats. Indicators go
 * through the same channel to every hub, which hands them to its opted-in connections.
 * Nothing here touches the event fan-out.
 */
export class Collab {
  readonly hubId = randomUUID();
  readonly stats = { indicatorsPublished: 0, indicatorsRelayed: 0, invalidReports: 0 };
  private readonly registry = new PresenceRegistry();
  /** Opted-in local connections per room: who gets presence and indicator frames. */
  private readonly local = new Map<string, Set<Client>>();
  /** When each other hub was last heard from. */
  private readonly lastHeard = new Map<string, number>();
  private readonly limiters = new WeakMap<Client, RateLimiter>();
  private readonly now: () => number;
  private stopListening: (() => void) | undefined;
  private heartbeat: NodeJS.Timeout | undefined;
  private sweep: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(private readonly options: CollabOptions) {
    this.now = options.now ?? Date.now;
  }

  get memberCount(): number {
    return this.registry.memberCount;
  }

  /** The other hubs heard from within the last MISSED_HEARTBEATS heartbeats. */
  get peers(): string[] {
    return [...this.lastHeard.keys()];
  }

  /** Who is in `room`, over every hub. */
  members(room: string): PresenceMember[] {
    return this.registry.members(room);
  }

  get hubCount(): number {
    return this.lastHeard.size + 1;
  }

  start(): void {
    this.stopListening = this.options.bus.subscribeEphemeral((message) => this.receive(message));
    // Others answer a `sync` with their state at once, so this hub knows the room within a
    // round trip instead of a heartbeat.
    this.report({ op: "sync" });
    this.heartbeat = setInterval(() => this.reportState(), this.options.heartbeatMs);
    this.heartbeat.unref();
    this.sweep = setInterval(() => this.expire(), Math.max(25, this.options.heartbeatMs / 4));
    this.sweep.unref();
  }

  /** Says goodbye (others drop this hub's members at once) and stops reporting. */
  stop(): void {
    if (this.stopped) return;
    this.report({ op: "bye" });
    this.stopped = true;
    clearInterval(this.heartbeat);
    clearInterval(this.sweep);
    this.stopListening?.();
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
      this.announce(this.registry.add(this.hubId, room, client.id, member));
      this.report({ op: "join", room, conn: client.id, member });
      clients.add(client);
      client.sendControl({
        type: "presence",
        data: { room, members: this.registry.members(room) },
      });
    }
  }

  /** Rooms a connection left (unsubscribed, revoked, or closed). */
  exit(client: Client, rooms: readonly string[]): void {
    for (const room of rooms) {
      const clients = this.local.get(room);
      if (clients === undefined || !clients.delete(client)) continue;
      if (clients.size === 0) this.local.delete(room);
      this.announce(this.registry.remove(this.hubId, room, client.id));
      // After `bye` the others have forgotten this hub already.
      if (!this.stopped) this.report({ op: "leave", room, conn: client.id });
    }
  }

  /** A client's `publish`: checked, rate-limited, then relayed to the room on every hub. */
  publish(client: Client, message: PublishMessage): void {
    const { room, kind, payload, ttl_ms } = message.data;
    const refuse = (code: ErrorCode, text: string) =>
      client.sendControl({
        type: "error",
        data: { code, message: text, ref: message.id },
        ref: message.id,
      });
    if (!client.presence) {
      refuse(ErrorCode.FORBIDDEN, "connect with presence=1 to publish indicators");
      return;
    }
    if (!client.rooms.has(room)) {
      refuse(ErrorCode.FORBIDDEN, `subscribe to room ${room} before publishing to it`);
      return;
    }
    if (!client.principal.publish.canRead(room)) {
      refuse(ErrorCode.FORBIDDEN, `your token does not grant publishing to room ${room}`);
      return;
    }
    let limiter = this.limiters.get(client);
    if (limiter === undefined) {
      limiter = new RateLimiter(this.options.indicatorRate, this.now);
      this.limiters.set(client, limiter);
    }
    if (limiter.take() !== "ok") {
      refuse(ErrorCode.RATE_LIMITED, "too many indicators; this one was dropped");
      return;
    }
    const data: IndicatorData = {
      room,
      kind,
      ...(payload === undefined ? {} : { payload }),
      ttl_ms: ttl_ms ?? DEFAULT_INDICATOR_TTL_MS,
      from: { ...memberOf(client), connection_id: client.id },
      ts: new Date(this.now()).toISOString(),
    };
    this.stats.indicatorsPublished++;
    this.send({ channel: roomChannel(room), data });
  }

  // ---------------------------------------------------------------- from other hubs

  private receive(message: EphemeralMessage): void {
    const dot = message.channel.indexOf(".");
    const kind = message.channel.slice(0, dot);
    const rest = message.channel.slice(dot + 1);
    if (kind === ROOM_CHANNEL) this.relayIndicator(rest, message.data);
    else if (kind === PRESENCE_CHANNEL) this.receiveReport(rest, message.data);
  }

  private relayIndicator(room: string, value: unknown): void {
    const clients = this.local.get(room);
    if (clients === undefined) return;
    const parsed = indicatorDataSchema.safeParse(value);
    if (!parsed.success || parsed.data.room !== room) {
      this.stats.invalidReports++;
      return;
    }
    const frame = controlFrame({ type: "indicator", data: parsed.data });
    for (const client of clients) client.writer.send(frame);
    this.stats.indicatorsRelayed += clients.size;
  }

  private receiveReport(hub: string, value: unknown): void {
    if (hub === this.hubId || this.stopped) return;
    const parsed = presenceReportSchema.safeParse(value);
    if (!HUB_ID_PATTERN.test(hub) || !parsed.success) {
      this.stats.invalidReports++;
      this.options.logger.debug({ hub }, "invalid presence report dropped");
      return;
    }
    const report = parsed.data;
    if (report.op === "bye") {
      this.lastHeard.delete(hub);
      this.announce(this.registry.drop(hub));
      return;
    }
    this.lastHeard.set(hub, this.now());
    switch (report.op) {
      case "sync":
        this.reportState();
        return;
      case "state":
        this.announce(this.registry.replace(hub, decodeState(report.rooms)));
        return;
      case "join":
        this.announce(this.registry.add(hub, report.room, report.conn, report.member));
        return;
      case "leave":
        this.announce(this.registry.remove(hub, report.room, report.conn));
        return;
    }
  }

  /** Forgets hubs that stopped reporting (crashed, or cut off from the broker). */
  private expire(): void {
    const deadline = this.now() - MISSED_HEARTBEATS * this.options.heartbeatMs;
    for (const [hub, heardAt] of this.lastHeard) {
      if (heardAt >= deadline) continue;
      this.lastHeard.delete(hub);
      const changes = this.registry.drop(hub);
      this.options.logger.info(
        { hub, leaves: changes.length },
        "hub stopped reporting presence; its members left",
      );
      this.announce(changes);
    }
  }

  // ---------------------------------------------------------------- to clients and hubs

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

  private reportState(): void {
    this.report({ op: "state", rooms: encodeState(this.registry.stateOf(this.hubId)) });
  }

  private report(report: PresenceReport): void {
    this.send({ channel: presenceChannel(this.hubId), data: report });
  }

  private send(message: EphemeralMessage): void {
    if (this.stopped) return;
    try {
      this.options.bus.publishEphemeral(message);
    } catch (error) {
      // A closed or not yet started broker: presence is best effort.
      this.options.logger.debug({ err: error }, "ephemeral publish failed");
    }
  }
}

/** How a connection appears in presence: its token's user, or itself in open mode. */
export function memberOf(client: Client): PresenceMember {
  const { subject, name } = client.principal;
  const id = subject === undefined || subject === "" ? `anon:${client.id}` : subject.slice(0, 256);
  const fallback =
    subject === undefined || subject === "" ? `guest-${client.id.slice(0, 8)}` : subject;
  return { id, name: (name ?? fallback).slice(0, MAX_DISPLAY_NAME_LENGTH) };
}
