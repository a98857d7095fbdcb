import { randomUUID } from "node:crypto";
import type { PresenceMember } from "@pulseboard/protocol";
import type { EphemeralBus, EphemeralMessage } from "../broker/broker.js";
import type { BrokerLogger as Logger } from "../broker/logger.js";
import { publishBestEffort } from "./best-effort.js";
import type { PresenceStore } from "./presence-store.js";
import { type PresenceChange, PresenceRegistry } from "./registry.js";
import {
  decodeState,
  encodeState,
  HUB_ID_PATTERN,
  PRESENCE_CHANNEL,
  type PresenceReport,
  presenceChannel,
  presenceReportSchema,
} from "./wire.js";

export interface GossipStoreOptions {
  bus: EphemeralBus;
  logger: Logger;
  /** How often this hub reports its whole presence state to the others. */
  heartbeatMs: number;
  now?: () => number;
}

/** A hub that sent nothing for this many heartbeats is taken for dead and its members leave. */
export const MISSED_HEARTBEATS = 3;

/**
 * Presence shared by gossip: every hub keeps the presence of all hubs, its own directly and the
 * others' from the reports they send on the broker's ephemeral channel (a delta at each
 * join/leave, the whole state every heartbeat, see wire.ts). Nothing is stored anywhere else,
 * so there is nothing to clean up after a crash: a hub that stops reporting is forgotten after
 * MISSED_HEARTBEATS heartbeats, and a restarted hub asks the others for their state at once.
 */
export class GossipPresenceStore implements PresenceStore {
  readonly hubId = randomUUID();
  invalidReports = 0;
  private readonly registry = new PresenceRegistry();
  /** When each other hub was last heard from. */
  private readonly lastHeard = new Map<string, number>();
  private readonly now: () => number;
  private onRemoteChanges: (changes: readonly PresenceChange[]) => void = () => {};
  private stopListening: (() => void) | undefined;
  private heartbeat: NodeJS.Timeout | undefined;
  private sweep: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(private readonly options: GossipStoreOptions) {
    this.now = options.now ?? Date.now;
  }

  get memberCount(): number {
    return this.registry.memberCount;
  }

  get peers(): string[] {
    return [...this.lastHeard.keys()];
  }

  start(onRemoteChanges: (changes: readonly PresenceChange[]) => void): void {
    this.onRemoteChanges = onRemoteChanges;
    this.stopListening = this.options.bus.subscribeEphemeral((message) => this.receive(message));
    // Others answer a `sync` with their state at once, so this hub knows the rooms within a
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

  add(room: string, connection: string, member: PresenceMember): PresenceChange[] {
    const changes = this.registry.add(this.hubId, room, connection, member);
    this.report({ op: "join", room, conn: connection, member });
    return changes;
  }

  remove(room: string, connection: string): PresenceChange[] {
    const changes = this.registry.remove(this.hubId, room, connection);
    // After `bye` the others have forgotten this hub already.
    this.report({ op: "leave", room, conn: connection });
    return changes;
  }

  members(room: string): PresenceMember[] {
    return this.registry.members(room);
  }

  private receive(message: EphemeralMessage): void {
    const prefix = `${PRESENCE_CHANNEL}.`;
    if (!message.channel.startsWith(prefix)) return;
    const hub = message.channel.slice(prefix.length);
    if (hub === this.hubId || this.stopped) return;
    const parsed = presenceReportSchema.safeParse(message.data);
    if (!HUB_ID_PATTERN.test(hub) || !parsed.success) {
      this.invalidReports++;
      this.options.logger.debug({ hub }, "invalid presence report dropped");
      return;
    }
    const report = parsed.data;
    if (report.op === "bye") {
      this.lastHeard.delete(hub);
      this.onRemoteChanges(this.registry.drop(hub));
      return;
    }
    this.lastHeard.set(hub, this.now());
    switch (report.op) {
      case "sync":
        this.reportState();
        return;
      case "state":
        this.onRemoteChanges(this.registry.replace(hub, decodeState(report.rooms)));
        return;
      case "join":
        this.onRemoteChanges(this.registry.add(hub, report.room, report.conn, report.member));
        return;
      case "leave":
        this.onRemoteChanges(this.registry.remove(hub, report.room, report.conn));
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
      this.onRemoteChanges(changes);
    }
  }

  private reportState(): void {
    this.report({ op: "state", rooms: encodeState(this.registry.stateOf(this.hubId)) });
  }

  private report(report: PresenceReport): void {
    if (this.stopped) return;
    publishBestEffort(this.options.bus, this.options.logger, {
      channel: presenceChannel(this.hubId),
      data: report,
    });
  }
}
