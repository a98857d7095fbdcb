import { decodeServerMessage, type PresenceMember, type ServerMessage } from "@pulseboard/protocol";
import type { Heartbeat } from "./heartbeat.js";
import type { ListenerSet } from "./listener.js";
import type { ResumeCursor } from "./resume-cursor.js";
import type { RoomSet } from "./room-set.js";

export interface InboundContext {
  cursor: ResumeCursor;
  rooms: RoomSet;
  heartbeat: Heartbeat;
  listeners: ListenerSet;
  now(): number;
  /** `welcome` arrived: the connection is fully open. */
  welcomed(connectionId: string, user: PresenceMember | undefined): void;
}

/**
 * Frames from the hub → the resume cursor, the room set, the heartbeat and the listeners.
 * Frames are validated with the protocol schemas; anything invalid is dropped.
 */
export function handleFrame(context: InboundContext, data: unknown): void {
  const receivedAt = context.now();
  context.heartbeat.frameReceived(receivedAt);
  // Binary frames are not part of the protocol; the hub sends none.
  if (typeof data !== "string") return;
  // One message per frame: the hub never sends JSON arrays.
  const decoded = decodeServerMessage(data);
  if (decoded.ok) route(context, decoded.value, receivedAt);
}

function route(context: InboundContext, message: ServerMessage, receivedAt: number): void {
  if ("seq" in message) {
    const catchUp = context.cursor.isCatchingUp(message.room);
    if (!context.cursor.accept(message)) return;
    context.listeners.emit((l) => l.onEvent?.(message, receivedAt, catchUp));
  } else {
    handleControl(context, message, receivedAt);
  }
  context.listeners.emit((l) => l.onMessage?.(message, receivedAt));
}

function handleControl(
  { cursor, rooms, heartbeat, listeners, welcomed }: InboundContext,
  message: Exclude<ServerMessage, { seq: number }>,
  receivedAt: number,
): void {
  switch (message.type) {
    case "welcome":
      // Asked for no rooms: adopt the hub's defaults so they are kept across reconnects.
      if (rooms.list().length === 0) rooms.add(message.data.rooms);
      cursor.onWelcome(message.data.epoch, message.data.rooms);
      welcomed(message.data.connection_id, message.data.user);
      return;
    case "subscribed":
      // The connection's own catch-up is the only `subscribed` without a `ref`.
      cursor.onSubscribed(message.data.rooms, message.data.seq, message.ref === undefined);
      rooms.markSettled(message.data.rooms);
      return;
    case "unsubscribed":
      // Also sent unasked when a refreshed token no longer grants a room: stop asking for it.
      cursor.onUnsubscribed(message.data.rooms);
      rooms.remove(message.data.rooms);
      return;
    case "reset":
      cursor.onReset(message.data.rooms, message.data.reason);
      listeners.emit((l) => l.onReset?.(message.data.rooms, message.data.reason));
      return;
    case "pong":
      heartbeat.pongReceived(message.ref, receivedAt);
      return;
    case "presence":
    case "join":
    case "leave":
    case "indicator":
      listeners.emit((l) => l.onCollab?.(message, receivedAt));
      return;
    default:
      return;
  }
}
