import { describe, expect, it } from "vitest";
import { upstreamFixtures, upstreamNatsPlaybacks } from "../fixtures/upstream.js";
import {
  decodeServerMessage,
  EVENT_TYPES,
  validateEventData,
  validatePublishInput,
} from "../src/index.js";
import { expectSuccess } from "./expect-result.js";

/**
 * What the real upstream (Cartographus) sends, as its Go structs write it: every shape must be
 * accepted, and the value handed on must be the producer's own (same keys, same order).
 */
describe("upstream payloads (Cartographus)", () => {
  it("has at least three real-shaped payloads of every upstream event type", () => {
    // Pulseboard's own types: Cartographus sends neither (it acknowledges alerts over its REST API).
    const ownTypes = new Set(["dashboard_refresh", "alert_acknowledged"]);
    for (const type of EVENT_TYPES.filter((t) => !ownTypes.has(t))) {
      expect(upstreamFixtures.filter((f) => f.type === type).length).toBeGreaterThanOrEqual(3);
    }
  });

  it.each(upstreamFixtures.map((f) => [`${f.type} ${f.name}`, f] as const))(
    "accepts %s as written",
    (_name, fixture) => {
      const parsed = JSON.parse(fixture.body);
      expect(expectSuccess(validateEventData(fixture.type, parsed))).toBe(parsed);
      const input = { room: "global", type: fixture.type, data: parsed };
      expect(expectSuccess(validatePublishInput(input)).data).toBe(parsed);
      // Key order survives the round trip (Go struct order, not the schema's).
      expect(JSON.stringify(parsed)).toBe(JSON.stringify(JSON.parse(fixture.body)));
      const frame = `{"type":"${fixture.type}","data":${fixture.body},"room":"global","seq":7,"ts":"2026-11-30T21:14:03.000Z"}`;
      const decoded = expectSuccess(decodeServerMessage(frame));
      expect(JSON.stringify((decoded as { data: unknown }).data)).toBe(JSON.stringify(parsed));
    },
  );

  it.each(upstreamNatsPlaybacks.map((f) => [f.name, f] as const))(
    "accepts the NATS MediaEvent %s as a playback",
    (_name, fixture) => {
      expect(fixture.subject).toMatch(/^playback\.[a-z]+\.[a-z]+$/);
      expect(fixture.headers["Nats-Msg-Id"]).toBeTruthy();
      const parsed = JSON.parse(fixture.body);
      expect(expectSuccess(validateEventData("playback", parsed))).toBe(parsed);
    },
  );

  it("covers the edge cases a real deployment produces", () => {
    const data = (type: string) =>
      upstreamFixtures.filter((f) => f.type === type).map((f) => JSON.parse(f.body));
    const stats = data("stats_update");
    expect(stats.some((s) => typeof s.last_playback === "string")).toBe(true);
    expect(stats.some((s) => !("last_playback" in s))).toBe(true);
    expect(stats.every((s) => !("unique_users" in s))).toBe(true);
    const syncs = data("sync_progress");
    for (const status of ["running", "completed", "error", "cancelled", "idle"]) {
      expect(syncs.some((s) => s.status === status)).toBe(true);
    }
    expect(syncs.some((s) => s.progress === null)).toBe(true);
    expect(syncs.some((s) => typeof s.progress?.progress_percent === "number")).toBe(true);
    expect(syncs.some((s) => s.correlation_id === "")).toBe(true);
    const alerts = data("detection_alert");
    expect(alerts.some((a) => a.severity === "")).toBe(true);
    expect(alerts.some((a) => !["", "info", "warning", "critical"].includes(a.severity))).toBe(
      true,
    );
    expect(data("playback").some((p) => p.percent_complete > 100)).toBe(true);
  });
});
