import { describe, expect, it } from "vitest";
import { RoomMembers, RoomRates } from "../../src/room-rates.js";

/** RoomRates with a hand-driven clock: the counts fan-out keeps, sampled like the timer does. */
function setup() {
  let now = 1_000_000;
  const rooms = new Map<string, RoomMembers>();
  const rates = new RoomRates(rooms, { windowMs: 60_000, sampleMs: 5_000, now: () => now });
  const open = (room: string) => {
    const members = new RoomMembers(now);
    rooms.set(room, members);
    return members;
  };
  /** `seconds` of time at `perSecond` events, sampled every 5 s as the timer would. */
  const run = (members: RoomMembers, seconds: number, perSecond: number) => {
    for (let s = 0; s < seconds; s += 5) {
      members.events += 5 * perSecond;
      now += 5_000;
      rates.sample();
    }
  };
  return { rooms, rates, open, run, advance: (ms: number) => (now += ms) };
}

describe("RoomRates", () => {
  it("measures a young room's rate since it got its first subscriber", () => {
    const { rates, open, advance } = setup();
    const room = open("global");
    room.events = 30;
    advance(3_000);
    expect(rates.rate("global")).toBe(10);
  });

  it("takes the rate over the last minute once the room is older than that", () => {
    const { rates, open, run } = setup();
    const room = open("global");
    run(room, 120, 50);
    expect(rates.rate("global")).toBeCloseTo(50, 5);
    run(room, 60, 2);
    // The fast minute has left the window, but one 5 s sample may still straddle its edge.
    expect(rates.rate("global")).toBeLessThanOrEqual(2 + (5 * 48) / 60);
    run(room, 5, 2);
    expect(rates.rate("global")).toBeCloseTo(2, 5);
  });

  it("answers 0 for a room without subscribers here, and starts over when one comes back", () => {
    const { rooms, rates, open, run, advance } = setup();
    const first = open("dashboard:x");
    run(first, 30, 100);
    rooms.delete("dashboard:x");
    expect(rates.rate("dashboard:x")).toBe(0);
    const again = open("dashboard:x");
    again.events = 4;
    advance(2_000);
    // Older samples hold the first RoomMembers' counts: they must not be subtracted.
    expect(rates.rate("dashboard:x")).toBe(2);
  });

  it("does not divide by a fraction of a second for a room just opened", () => {
    const { rates, open, advance } = setup();
    open("global").events = 1;
    advance(10);
    expect(rates.rate("global")).toBe(1);
  });

  it("keeps no more samples than the window needs", () => {
    const { rates, open, run } = setup();
    run(open("global"), 600, 1);
    const samples = (rates as unknown as { samples: unknown[] }).samples;
    expect(samples.length).toBeLessThanOrEqual(60_000 / 5_000 + 1);
  });
});
