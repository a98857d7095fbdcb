import {
  type AppendMessage,
  type ClientMessage,
  CloseCode,
  decodeClientMessage,
  ErrorCode,
  type MessageId,
  type PublishMessage,
  type RefreshMessage,
  type SubscribeMessage,
} from "@pulseboard/protocol";
import type { RawData } from "ws";
import type { TokenVerifier } from "./auth/verifier.js";
import type { CatchUp } from "./catch-up.js";
import type { Client } from "./client.js";
import { APPEND_RATE_COST, MAX_PENDING_OPERATIONS, ROOMS_PER_RATE_TOKEN } from "./defaults.js";
import type { DeliveryStats } from "./delivery/delivery-stats.js";

export interface InboundOptions {
  catchUp: Pick<CatchUp, "subscribe" | "unsubscribe">;
  /** Verifies tokens sent with `refresh`. */
  verifier: Pick<TokenVerifier, "verify">;
  /** Clock skew tolerated on token expiry, seconds. */
  authLeewaySeconds: number;
  /** Most rooms one connection may follow. */
  maxRoomsPerConnection: number;
  stats: Pick<DeliveryStats, "messagesIn">;
  /** `publish` (indicators): handed to presence. */
  publishIndicator: (client: Client, message: PublishMessage) => void;
  /** `append` (protocol 1.1): stores the event; run in order with subscription changes. */
  append: (client: Client, message: AppendMessage) => Promise<void>;
}

/**
 * Frames from clients → actions or `error`. Bad input is answered with an `error` and the
 * connection stays open; nothing a client sends can throw out of here. Built with exactly what
 * it uses: the catch-up, the token verifier, two limits and a counter.
 */
export class InboundHandler {
  constructor(private readonly options: InboundOptions) {}

  /** Handles one frame from a client. */
  handle(client: Client, data: RawData, isBinary: boolean): void {
    this.options.stats.messagesIn++;
    client.alive = true;
    if (!admit(client, 1, undefined, "too many messages; this one was dropped")) return;
    if (isBinary) {
      client.sendControl({
        type: "error",
        data: {
          code: ErrorCode.BAD_MESSAGE,
          message: "binary frames are not supported; send JSON text",
        },
      });
      return;
    }
    const decoded = decodeClientMessage(rawToString(data));
    if (!decoded.ok) {
      client.sendControl({ type: "error", data: decoded.error, ref: decoded.error.ref });
      return;
    }
    this.dispatch(client, decoded.value);
  }

  private dispatch(client: Client, message: ClientMessage): void {
    if (message.type === "subscribe" || message.type === "unsubscribe") {
      // Work, not messages: the rooms it touches cost on top of the message's own token.
      const rooms = message.data.rooms.length;
      const extra = Math.floor(rooms / ROOMS_PER_RATE_TOKEN);
      const reason = `a ${message.type} of ${rooms} rooms costs ${extra + 1} of your rate; this one was dropped`;
      if (extra > 0 && !admit(client, extra, message.id, reason)) return;
    }
    if (message.type === "append") {
      // A durable write and a delivery to every follower: costs more than a plain message.
      const reason = `an append costs ${APPEND_RATE_COST} of your rate; this one was dropped`;
      if (!admit(client, APPEND_RATE_COST - 1, message.id, reason)) return;
    }
    switch (message.type) {
      case "ping":
        client.sendControl({ type: "pong", data: null, ref: message.id });
        return;
      case "subscribe":
        this.subscribe(client, message);
        return;
      case "unsubscribe":
        this.enqueue(client, message.id, async () =>
          this.options.catchUp.unsubscribe(client, message.data.rooms, message.id),
        );
        return;
      case "refresh":
        this.enqueue(client, message.id, () => this.refresh(client, message));
        return;
      case "publish":
        this.options.publishIndicator(client, message);
        return;
      case "append":
        // In order with subscribe: an append right after its room's subscribe sees the room.
        this.enqueue(client, message.id, () => this.options.append(client, message));
        return;
    }
  }

  private subscribe(client: Client, message: SubscribeMessage): void {
    const { rooms, since, epoch, history } = message.data;
    const { granted, denied } = client.principal.access.partition([...new Set(rooms)]);
    for (const room of denied) {
      sendError(client, ErrorCode.FORBIDDEN, `your token does not grant room ${room}`, message.id);
    }
    const added = granted.filter((room) => !client.rooms.has(room)).length;
    const { maxRoomsPerConnection } = this.options;
    if (client.rooms.size + added > maxRoomsPerConnection) {
      sendError(
        client,
        ErrorCode.TOO_MANY_ROOMS,
        `a connection may follow at most ${maxRoomsPerConnection} rooms`,
        message.id,
      );
      return;
    }
    this.enqueue(client, message.id, () =>
      this.options.catchUp.subscribe(client, {
        rooms: granted,
        since,
        epoch,
        history,
        ref: message.id,
      }),
    );
  }

  /** Queues a subscription change; a full queue drops it with `rate_limited` (defaults.ts). */
  private enqueue(client: Client, ref: MessageId | undefined, operation: () => Promise<void>) {
    if (client.serialize(operation)) return;
    sendError(
      client,
      ErrorCode.RATE_LIMITED,
      `more than ${MAX_PENDING_OPERATIONS} subscribe/unsubscribe/refresh/append pending; this one was dropped`,
      ref,
    );
  }

  /**
   * Swaps the connection's token. A bad token, or one for another subject, leaves the old one in
   * force; a good one moves the expiry and drops the rooms it no longer grants.
   */
  private async refresh(client: Client, message: RefreshMessage): Promise<void> {
    const verified = await this.options.verifier.verify(message.data.token);
    if (!client.isOpen) return;
    if (!verified.ok) {
      sendError(client, ErrorCode.INVALID_TOKEN, verified.message, message.id);
      return;
    }
    const next = verified.principal;
    const previous = client.principal;
    // Identity never changes on a socket: not to another `sub`, not from none to one (a token
    // without `sub` refreshed into someone's), not from one to none.
    if (next.subject !== previous.subject) {
      sendError(
        client,
        ErrorCode.INVALID_TOKEN,
        "the new token is for another subject",
        message.id,
      );
      return;
    }
    client.principal = next;
    client.scheduleExpiry(this.options.authLeewaySeconds);
    const revoked = [...client.rooms].filter((room) => !next.access.canRead(room));
    if (revoked.length > 0) this.options.catchUp.unsubscribe(client, revoked, undefined);
    client.sendControl({ type: "refreshed", data: { exp: next.exp ?? null }, ref: message.id });
  }
}

/**
 * Takes `cost` tokens from the connection's bucket: true to go on; otherwise the message is
 * dropped with `rate_limited`, or the connection closed with 4029 when that persists.
 */
function admit(client: Client, cost: number, ref: MessageId | undefined, reason: string): boolean {
  const verdict = client.rateLimiter.take(cost);
  if (verdict === "ok") return true;
  if (verdict === "close") {
    client.close(CloseCode.RATE_LIMITED, "inbound rate limit exceeded");
  } else {
    sendError(client, ErrorCode.RATE_LIMITED, reason, ref);
  }
  return false;
}

function sendError(client: Client, code: ErrorCode, message: string, ref: MessageId | undefined) {
  client.sendControl({ type: "error", data: { code, message, ref }, ref });
}

function rawToString(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString("utf8");
  if (Array.isArray(data)) return Buffer.concat(data).toString("utf8");
  return Buffer.from(data).toString("utf8");
}
