import { DEFAULT_INDICATOR_TTL_MS, ErrorCode, type PublishMessage } from "@pulseboard/protocol";
import type { EphemeralBus, EphemeralMessage } from "../broker/broker.js";
import type { BrokerLogger as Logger } from "../broker/logger.js";
import type { Client } from "../client.js";
import { controlFrame } from "../delivery/frames.js";
import { type RateLimit, RateLimiter } from "../rate-limiter.js";
import { publishBestEffort } from "./best-effort.js";
import { memberOf } from "./member.js";
import { type IndicatorData, indicatorDataSchema, ROOM_CHANNEL, roomChannel } from "./wire.js";

export interface IndicatorRelayOptions {
  bus: EphemeralBus;
  logger: Logger;
  /** Indicators one connection may publish (its own bucket, besides the inbound limit). */
  indicatorRate: RateLimit;
  /** This hub's opted-in connections of a room: who receives the room's indicators. */
  audience: (room: string) => ReadonlySet<Client> | undefined;
  now?: () => number;
}

/**
 * Indicators (typing, cursors, "viewing"): checked and stamped on the hub of the connection
 * that sends one, then relayed through the ephemeral bus to every hub (this one included),
 * which hands it to its opted-in connections of the room. Never stored, never sequenced.
 */
export class IndicatorRelay {
  indicatorsPublished = 0;
  indicatorsRelayed = 0;
  invalidIndicators = 0;
  private readonly limiters = new WeakMap<Client, RateLimiter>();
  private readonly now: () => number;
  private stopListening: (() => void) | undefined;
  private stopped = false;

  constructor(private readonly options: IndicatorRelayOptions) {
    this.now = options.now ?? Date.now;
  }

  start(): void {
    this.stopListening = this.options.bus.subscribeEphemeral((message) => this.receive(message));
  }

  stop(): void {
    this.stopped = true;
    this.stopListening?.();
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
    if (this.limiterOf(client).take() !== "ok") {
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
    this.indicatorsPublished++;
    if (this.stopped) return;
    publishBestEffort(this.options.bus, this.options.logger, {
      channel: roomChannel(room),
      data,
    });
  }

  /** Created on a connection's first indicator: most connections never send one. */
  private limiterOf(client: Client): RateLimiter {
    let limiter = this.limiters.get(client);
    if (limiter === undefined) {
      limiter = new RateLimiter(this.options.indicatorRate, this.now);
      this.limiters.set(client, limiter);
    }
    return limiter;
  }

  private receive(message: EphemeralMessage): void {
    const prefix = `${ROOM_CHANNEL}.`;
    if (!message.channel.startsWith(prefix)) return;
    const room = message.channel.slice(prefix.length);
    const clients = this.options.audience(room);
    if (clients === undefined) return;
    const parsed = indicatorDataSchema.safeParse(message.data);
    if (!parsed.success || parsed.data.room !== room) {
      this.invalidIndicators++;
      return;
    }
    const frame = controlFrame({ type: "indicator", data: parsed.data });
    for (const client of clients) client.writer.send(frame);
    this.indicatorsRelayed += clients.size;
  }
}
