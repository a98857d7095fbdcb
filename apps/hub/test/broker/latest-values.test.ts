import { describe, expect, it } from "vitest";
import type { BrokerEvent } from "../../src/broker/broker.js";
import { LatestValues } from "../../src/broker/latest-values.js";
import { ACKNOWLEDGED_ALERTS_PER_ROOM } from "../../src/defaults.js";
import { acknowledgement } from "../support/broker-events.js";

/** The acknowledgement part of a room's latest values: one per alert, bounded per room. */

let seq = 0;
function stored(input: ReturnType<typeof acknowledgement>, at = ++seq): BrokerEvent {
  return {
    ...input,
    seq: at,
    ts: "2026-11-21T23:01:00.000Z",
    dataJson: JSON.stringify(input.data),
  };
}

const alertIds = (events: BrokerEvent[]) =>
  events.map((event) => (event.data as { alert_id: unknown }).alert_id);

describe("latest values: acknowledged alerts", () => {
  it("keeps at most the bound per room; the least recently acknowledged leaves first", () => {
    const values = new LatestValues(3);
    for (const id of [1, 2, 3]) values.record(stored(acknowledgement("r", id)));
    // Acknowledging 1 again makes it the most recent: 2 is now the oldest and leaves for 4.
    values.record(stored(acknowledgement("r", 1, "bo")));
    values.record(stored(acknowledgement("r", 4)));
    values.record(stored(acknowledgement("other", 9)));
    expect(alertIds(values.snapshot("r"))).toEqual([3, 1, 4]);
    expect(alertIds(values.snapshot("other"))).toEqual([9]);
  });

  it("never lets an older acknowledgement replace a newer one of the same alert", () => {
    const values = new LatestValues();
    const newer = stored(acknowledgement("r", 5521, "bo"), 50);
    values.record(newer);
    values.record(stored(acknowledgement("r", "5521", "ana"), 40));
    expect(values.snapshot("r")).toEqual([newer]);
  });

  it("bounds every room by ACKNOWLEDGED_ALERTS_PER_ROOM by default", () => {
    const values = new LatestValues();
    for (let id = 0; id <= ACKNOWLEDGED_ALERTS_PER_ROOM; id++) {
      values.record(stored(acknowledgement("r", id)));
    }
    const kept = alertIds(values.snapshot("r"));
    expect(kept).toHaveLength(ACKNOWLEDGED_ALERTS_PER_ROOM);
    expect(kept[0]).toBe(1);
    expect(kept.at(-1)).toBe(ACKNOWLEDGED_ALERTS_PER_ROOM);
  });
});
