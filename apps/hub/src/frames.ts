import { encode, type ServerControlMessage } from "@pulseboard/protocol";
import type { BrokerEvent } from "./broker/broker.js";

/** The bytes of an event's text frame. Called once per event, never once per subscriber. */
export function eventFrame(event: BrokerEvent): Buffer {
  return Buffer.from(encode(event));
}

/** The bytes of a control message's text frame. */
export function controlFrame(message: ServerControlMessage): Buffer {
  return Buffer.from(encode(message));
}
