import { type PublishInput, validatePublishInput } from "@pulseboard/protocol";
import { describe, expect, it } from "vitest";
import { playback, playbacks, stats, syncProgress } from "./support/events.js";

/**
 * The fixtures must be what a producer may send, unchanged by validation: a fixture the protocol
 * refuses, or one validation alters, would test a path no real event takes.
 */
describe("test fixtures (support/events.ts)", () => {
  const fixtures: [string, PublishInput][] = [
    ["playback", playback("global", 1)],
    ["padded playback", playback("global", 2, { padding: "x".repeat(16 * 1024) })],
    ...playbacks("dashboard:1", 2, 5).map((p, i): [string, PublishInput] => [`playbacks #${i}`, p]),
    ["stats", stats("global", 42)],
    ["sync running", syncProgress("global", "sync-a", "running", 0.5)],
    ["sync completed", syncProgress("global", "sync-b", "completed", 1)],
  ];

  it.each(fixtures)("%s passes the protocol's producer validation unchanged", (_, fixture) => {
    expect(validatePublishInput(fixture)).toEqual({ ok: true, value: fixture });
  });
});
