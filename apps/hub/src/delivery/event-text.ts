import type { BrokerEvent } from "../broker/broker.js";

/**
 * The JSON text of an event as clients receive it: the envelope written here, the producer's
 * `data` text spliced in unchanged. Same field order and shape as `encode` of the ServerEvent
 * (type, data, room, seq, ts), and cheaper: `data` is never re-serialized.
 */
export function eventText(event: BrokerEvent): string {
  return `{"type":${JSON.stringify(event.type)},"data":${event.dataJson},"room":${JSON.stringify(event.room)},"seq":${event.seq},"ts":${JSON.stringify(event.ts)}}`;
}
