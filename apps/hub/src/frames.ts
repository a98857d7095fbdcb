import { encode } from "@pulseboard/protocol";
import type { BrokerEvent } from "./broker/broker.js";

/** The bytes of an event's text frame. Called once per event, never once per subscriber. */
export function eventFrame(event: BrokerEvent): Buffer {
  return Buffer.from(encode(event));
}
