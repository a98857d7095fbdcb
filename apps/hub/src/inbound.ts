import { type ClientMessage, decodeClientMessage, ErrorCode } from "@pulseboard/protocol";
import type { RawData } from "ws";
import { subscribeClient, unsubscribeClient } from "./catch-up.js";
import type { Client } from "./client.js";
import type { Hub } from "./hub.js";

/**
 * Handles one frame from a client. Bad input is answered with an `error` and the connection
 * stays open; nothing a client sends can throw out of here.
 */
export function handleClientFrame(
  hub: Hub,
  client: Client,
  data: RawData,
  isBinary: boolean,
): void {
  hub.stats.messagesIn++;
  client.alive = true;
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
  dispatch(hub, client, decoded.value);
}

function dispatch(hub: Hub, client: Client, message: ClientMessage): void {
  switch (message.type) {
    case "ping":
      client.sendControl({ type: "pong", data: null, ref: message.id });
      return;
    case "subscribe": {
      const { rooms, since, epoch } = message.data;
      void client.serialize(() =>
        subscribeClient(hub, client, { rooms, since, epoch, ref: message.id }),
      );
      return;
    }
    case "unsubscribe":
      void client.serialize(async () =>
        unsubscribeClient(hub, client, message.data.rooms, message.id),
      );
      return;
    case "refresh":
      // Authentication is off in this build: there is no expiry to extend.
      client.sendControl({ type: "refreshed", data: { exp: null }, ref: message.id });
      return;
  }
}

function rawToString(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString("utf8");
  if (Array.isArray(data)) return Buffer.concat(data).toString("utf8");
  return Buffer.from(data).toString("utf8");
}
