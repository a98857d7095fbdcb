import { encode, type ServerControlMessage } from "@pulseboard/protocol";
import type { BrokerEvent } from "../broker/broker.js";
import { eventText } from "./event-text.js";
import { textFrame } from "./ws-frame.js";

/** The wire bytes of an event's frame. Built once per event, never once per subscriber. */
export function eventFrame(event: BrokerEvent): Buffer {
  return textFrame(eventText(event));
}

/** The wire bytes of a control message's frame. */
export function controlFrame(message: ServerControlMessage): Buffer {
  return textFrame(encode(message));
}
