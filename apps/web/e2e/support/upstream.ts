import { eventDataSchemas, isEventType } from "@pulseboard/protocol";
import { upstreamFixtures } from "@pulseboard/protocol/fixtures";
import type { PulseEvent } from "./events";

/**
 * One of the protocol's upstream fixtures (payloads shaped exactly as Cartographus writes them,
 * packages/protocol/fixtures) as an event to publish. Its body is checked against the
 * protocol's schema first, so a payload the hub would drop fails here, by name, rather than as
 * a row that never appears.
 */
export function upstreamEvent(type: PulseEvent["type"], name: string): PulseEvent {
  const fixture = upstreamFixtures.find((f) => f.type === type && f.name === name);
  if (fixture === undefined || !isEventType(fixture.type)) {
    throw new Error(`no upstream fixture ${type}/${name}`);
  }
  const data: unknown = JSON.parse(fixture.body);
  const checked = eventDataSchemas[fixture.type].safeParse(data);
  if (!checked.success) {
    throw new Error(`upstream fixture ${type}/${name} is not valid: ${checked.error.message}`);
  }
  // Published as the producer wrote it (the schema's output would be the same object anyway).
  return { type, data } as PulseEvent;
}
