import { describe, expect, it } from "vitest";
import {
  decodeServerMessage,
  ErrorCode,
  EVENT_TYPES,
  type EventType,
  isEventType,
  KNOWN_SYNC_STATUSES,
  latestValueKey,
  MAX_EVENT_DATA_DEPTH,
  validateEventData,
  validatePublishInput,
} from "../src/index.js";
import { expectFailure, expectSuccess } from "./expect-result.js";
import { eventData, serverEvent, without } from "./fixtures.js";

// Only what routing needs: the ids that key an event. Everything shown is optional (tolerant
// reader: Go's `omitempty` leaves fields out, and real producers differ in what they fill).
const required: Record<EventType, string[]> = {
  playback: [],
  sync_completed: [],
  stats_update: [],
  detection_alert: ["id"],
  sync_progress: ["correlation_id", "status"],
  dashboard_refresh: ["requested_at"],
  alert_acknowledged: ["alert_id", "by", "at"],
};

const optional: Record<EventType, string[]> = {
  playback: [
    "username",
    "title",
    "media_type",
    "session_key",
    "source",
    "user_id",
    "platform",
    "player",
    "ip_address",
    "started_at",
    "percent_complete",
    "transcode_decision",
  ],
  sync_completed: ["timestamp", "new_playbacks", "sync_duration_ms"],
  stats_update: ["timestamp", "total_count", "unique_users", "last_playback"],
  detection_alert: [
    "rule_type",
    "user_id",
    "severity",
    "title",
    "message",
    "created_at",
    "username",
    "acknowledged",
    "metadata",
  ],
  sync_progress: ["operation", "progress", "message", "error", "server_id"],
  dashboard_refresh: ["reason", "requested_by"],
  alert_acknowledged: ["note"],
};

const cases = <T>(table: Record<EventType, T[]>): [EventType, T][] =>
  EVENT_TYPES.flatMap((type) => table[type].map((item): [EventType, T] => [type, item]));

/** The three ways an event's data enters the system; all must agree. */
function expectRejected(type: EventType, data: unknown, field?: string): void {
  const error = expectFailure(validateEventData(type, data), ErrorCode.BAD_MESSAGE);
  if (field !== undefined) expect(error.message).toContain(field);
  expectFailure(validatePublishInput({ room: "global", type, data }), ErrorCode.BAD_MESSAGE);
  const envelope = { ...serverEvent(type), data };
  expectFailure(decodeServerMessage(JSON.stringify(envelope)), ErrorCode.BAD_MESSAGE);
}

function expectAccepted(type: EventType, data: Record<string, unknown>): void {
  expect(expectSuccess(validateEventData(type, data))).toEqual(data);
  const envelope = { ...serverEvent(type), data };
  expect(expectSuccess(decodeServerMessage(JSON.stringify(envelope)))).toEqual(envelope);
}

describe("event data schemas", () => {
  it("the fixtures are valid", () => {
    for (const type of EVENT_TYPES) expectAccepted(type, { ...eventData[type] });
  });

  it.each(cases(required))("%s requires %s", (type, field) => {
    expectRejected(type, without(eventData[type], field), field);
  });

  it.each(cases(optional))("%s accepts a missing %s", (type, field) => {
    expectAccepted(type, without(eventData[type], field));
  });

  it.each(EVENT_TYPES)("%s rejects non-object data", (type) => {
    for (const data of [null, undefined, "x", 42, [], [eventData[type]]]) {
      expectRejected(type, data);
    }
  });

  const wrongTypes: [EventType, string, unknown][] = [
    ["playback", "id", 42],
    ["playback", "id", ""],
    ["playback", "event_id", 42],
    ["playback", "username", 5],
    ["playback", "media_type", {}],
    ["playback", "title", 17],
    ["playback", "user_id", true],
    ["playback", "ip_address", 3232235777],
    ["playback", "percent_complete", "50"],
    ["playback", "started_at", 1_763_765_921],
    ["sync_completed", "new_playbacks", -1],
    ["sync_completed", "new_playbacks", 1.5],
    ["sync_completed", "new_playbacks", "3"],
    ["sync_completed", "sync_duration_ms", -5],
    ["sync_completed", "sync_duration_ms", "fast"],
    ["stats_update", "total_count", -1],
    ["stats_update", "total_count", 2.5],
    ["stats_update", "unique_users", "317"],
    ["stats_update", "last_playback", []],
    ["detection_alert", "id", true],
    ["detection_alert", "id", ""],
    ["detection_alert", "acknowledged", "no"],
    ["detection_alert", "metadata", []],
    ["detection_alert", "metadata", "x"],
    ["detection_alert", "title", 1],
    ["detection_alert", "severity", 3],
    ["detection_alert", "user_id", false],
    ["sync_progress", "correlation_id", 7],
    ["sync_progress", "status", null],
    ["sync_progress", "operation", 7],
    ["sync_progress", "message", 1],
    ["sync_progress", "error", {}],
    ["sync_progress", "server_id", 1],
    ["dashboard_refresh", "requested_at", "yesterday"],
    ["dashboard_refresh", "requested_at", 1795302000],
    ["dashboard_refresh", "reason", 3],
    ["dashboard_refresh", "reason", "x".repeat(501)],
    ["dashboard_refresh", "requested_by", {}],
    ["alert_acknowledged", "alert_id", ""],
    ["alert_acknowledged", "alert_id", true],
    ["alert_acknowledged", "note", "x".repeat(501)],
    ["alert_acknowledged", "note", 5],
    ["alert_acknowledged", "by", "marisol"],
    ["alert_acknowledged", "by", { name: "Marisol" }],
    ["alert_acknowledged", "by", { id: "user-7" }],
    ["alert_acknowledged", "at", "2026-11-21 23:01:12"],
    ["alert_acknowledged", "at", 1795302000],
  ];

  it.each(wrongTypes)("%s rejects %s = %j", (type, field, value) => {
    expectRejected(type, { ...eventData[type], [field]: value }, field);
  });

  // Odd values real producers send, each accepted as is.
  const oddButReal: [EventType, string, unknown][] = [
    ["playback", "percent_complete", 104], // computed from ticks, never clamped
    ["playback", "percent_complete", 100.5],
    ["playback", "title", null], // a nil Go pointer without omitempty
    ["playback", "started_at", "0001-01-01T00:00:00Z"], // Go's zero time.Time
    ["playback", "stopped_at", null],
    ["stats_update", "last_playback", "2026-11-30T21:14:03.123456789Z"],
    ["stats_update", "last_playback", null],
    ["detection_alert", "severity", ""],
    ["detection_alert", "severity", "high"],
    ["detection_alert", "severity", "CRITICAL"],
    ["detection_alert", "rule_type", ""],
    ["detection_alert", "user_id", null],
    ["detection_alert", "message", null],
    ["sync_progress", "correlation_id", ""],
    ["sync_progress", "status", "cancelled"],
    ["sync_progress", "status", "idle"],
    ["sync_progress", "status", "paused"],
    ["sync_progress", "progress", null],
    ["alert_acknowledged", "alert_id", 0], // Cartographus's int64 ids include 0
    ["alert_acknowledged", "note", null],
    ["alert_acknowledged", "by", { id: 1042, name: "marisol", role: "admin" }],
  ];

  it.each(oddButReal)("%s accepts %s = %j", (type, field, value) => {
    expectAccepted(type, { ...eventData[type], [field]: value });
  });

  it.each(EVENT_TYPES)("%s passes producer extras through untouched", (type) => {
    const extras = {
      x_nested: { a: [1, "two", { three: null }], b: true },
      x_null: null,
      x_list: [0.5, -3, "é✓"],
      "x key with spaces": "ok",
    };
    const data = { ...eventData[type], ...extras };
    expect(expectSuccess(validateEventData(type, data))).toEqual(data);
    const input = { room: "global", type, data };
    expect(expectSuccess(validatePublishInput(input))).toEqual(input);
  });

  it("keeps extras inside last_playback and metadata too", () => {
    const stats = {
      ...eventData.stats_update,
      last_playback: { id: "p", anything: [1, { x: 2 }] },
    };
    expect(expectSuccess(validateEventData("stats_update", stats))).toEqual(stats);
    const alert = { ...eventData.detection_alert, metadata: { deep: { list: [1, 2] }, n: null } };
    expect(expectSuccess(validateEventData("detection_alert", alert))).toEqual(alert);
  });

  it("keeps a `__proto__` key as data without letting it change the prototype", () => {
    // JSON.parse makes `__proto__` an own key. It is the producer's data: delivered as written,
    // never assigned in a way that would change an object's prototype.
    const text = JSON.stringify(eventData.sync_completed).replace(
      /^\{/,
      '{"__proto__":{"polluted":true},',
    );
    const parsed = JSON.parse(text);
    const value = expectSuccess(validateEventData("sync_completed", parsed));
    expect(value).toBe(parsed);
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect("polluted" in value).toBe(false);
    expect(JSON.stringify(value)).toBe(text);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("returns the producer's value itself: keys keep their order, nothing is added", () => {
    const text = '{"total_count":5,"2":"two","zeta":1,"timestamp":"2026-11-30T21:14:03Z","1":1}';
    const parsed = JSON.parse(text);
    expect(expectSuccess(validateEventData("stats_update", parsed))).toBe(parsed);
    const input = { room: "global", type: "stats_update", data: parsed };
    expect(expectSuccess(validatePublishInput(input)).data).toBe(parsed);
  });
});

describe("nesting depth", () => {
  const nested = (levels: number): unknown => {
    let value: unknown = 1;
    for (let i = 0; i < levels; i++) value = i % 2 === 0 ? { x: value } : [value];
    return value;
  };

  it(`accepts data nested ${MAX_EVENT_DATA_DEPTH} levels deep`, () => {
    // The data object itself is level 1.
    expectAccepted("sync_completed", { x: nested(MAX_EVENT_DATA_DEPTH - 1) });
  });

  it.each([MAX_EVENT_DATA_DEPTH, 10_000, 1_000_000])(
    "refuses data nested %d levels below its root, without overflowing the stack",
    (levels) => {
      const error = expectFailure(
        validateEventData("detection_alert", { id: 1, metadata: { x: nested(levels) } }),
        ErrorCode.BAD_MESSAGE,
      );
      expect(error.message).toContain(`deeper than ${MAX_EVENT_DATA_DEPTH} levels`);
    },
  );
});

describe("playback identity", () => {
  const base = without(without(eventData.playback, "id"), "event_id");

  it("needs `id` or `event_id`", () => {
    expectRejected("playback", base, "id");
  });

  it.each([
    ["id only", { id: "pb-1" }],
    ["event_id only", { event_id: "ev-1" }],
    ["both", { id: "pb-1", event_id: "ev-1" }],
  ])("accepts %s", (_name, ids) => {
    expectAccepted("playback", { ...base, ...ids });
  });

  it("accepts a numeric or string user_id", () => {
    expectAccepted("playback", { ...eventData.playback, user_id: "u-1042" });
    expectAccepted("playback", { ...eventData.playback, user_id: 1042 });
  });

  it("accepts `timestamp` instead of `started_at`", () => {
    const data = {
      ...without(eventData.playback, "started_at"),
      timestamp: "2026-11-21T23:00:00Z",
    };
    expectAccepted("playback", data);
  });

  it.each([0, 100, 99.9])("accepts percent_complete %d", (percent) => {
    expectAccepted("playback", { ...eventData.playback, percent_complete: percent });
  });
});

describe("sync_progress progress", () => {
  it.each([
    0,
    0.25,
    1,
    null,
    { done: 0, total: 0 },
    { done: 3, total: 3 },
    { done: 1, total: 4800 },
    { done: 5, total: 3 },
    { done: 1 },
    { total_records: 48213, processed_records: 12053, progress_percent: 25.0 },
    { progress_percent: 100, records_per_second: 812.4, estimated_remaining: "2m" },
    {},
  ])("accepts %j", (progress) => {
    expectAccepted("sync_progress", { ...eventData.sync_progress, progress });
  });

  it("accepts an absent progress", () => {
    expectAccepted("sync_progress", without(eventData.sync_progress, "progress"));
  });

  it.each([
    "50%",
    true,
    { done: "1", total: "3" },
    { progress_percent: "25" },
    { total_records: null, processed_records: "x" },
    [1, 3],
  ])("rejects %j", (progress) => {
    expectRejected("sync_progress", { ...eventData.sync_progress, progress }, "progress");
  });

  it.each([...KNOWN_SYNC_STATUSES])("accepts status %s", (status) => {
    expectAccepted("sync_progress", { ...eventData.sync_progress, status });
  });
});

describe("timestamps are RFC 3339 with an explicit offset", () => {
  const fields: [EventType, string][] = [
    ["playback", "started_at"],
    ["playback", "timestamp"],
    ["sync_completed", "timestamp"],
    ["stats_update", "timestamp"],
    ["detection_alert", "created_at"],
  ];
  const valid = [
    "2026-11-21T23:00:00Z",
    "2026-11-21T23:00:00.1Z",
    "2026-11-21T23:00:00.123456789Z",
    "2026-11-21T23:00:00+05:30",
    "2026-11-21T23:00:00-08:00",
    "2024-02-29T12:00:00Z",
  ];
  const invalid = [
    "",
    "2026-11-21",
    "2026-11-21T23:00:00",
    "2026-11-21T23:00Z",
    "2026-11-21T23:00:00+0100",
    "2026-13-01T00:00:00Z",
    "2026-02-30T00:00:00Z",
    "2026-11-21T24:00:00Z",
    "Sat, 21 Nov 2026 23:00:00 GMT",
    "1763765921",
  ];

  it.each(fields.flatMap(([type, field]) => valid.map((ts) => [type, field, ts])))(
    "%s.%s accepts %s",
    (type, field, ts) => {
      const eventType = type as EventType;
      expectAccepted(eventType, { ...eventData[eventType], [field as string]: ts });
    },
  );

  it.each(fields.flatMap(([type, field]) => invalid.map((ts) => [type, field, ts])))(
    "%s.%s rejects %j",
    (type, field, ts) => {
      const eventType = type as EventType;
      expectRejected(eventType, { ...eventData[eventType], [field as string]: ts }, field);
    },
  );

  it.each(invalid)("the envelope ts rejects %j", (ts) => {
    const envelope = { ...serverEvent("playback"), ts };
    expectFailure(decodeServerMessage(JSON.stringify(envelope)), ErrorCode.BAD_MESSAGE);
  });
});

describe("event type helpers", () => {
  it("isEventType knows exactly the seven event types", () => {
    expect(EVENT_TYPES).toEqual([
      "playback",
      "sync_completed",
      "stats_update",
      "detection_alert",
      "sync_progress",
      "dashboard_refresh",
      "alert_acknowledged",
    ]);
    for (const type of EVENT_TYPES) expect(isEventType(type)).toBe(true);
    for (const other of ["ping", "welcome", "__proto__", "toString", "", 5, null, undefined]) {
      expect(isEventType(other)).toBe(false);
    }
  });

  it("latestValueKey coalesces stats per room and progress per sync, nothing else", () => {
    expect(latestValueKey("stats_update", eventData.stats_update)).toBe("stats_update");
    expect(latestValueKey("sync_progress", eventData.sync_progress)).toBe(
      "sync_progress:sync-2026-11-21T23:00",
    );
    expect(latestValueKey("sync_progress", {})).toBeUndefined();
    expect(latestValueKey("sync_progress", null)).toBeUndefined();
    for (const type of [
      "playback",
      "sync_completed",
      "detection_alert",
      "dashboard_refresh",
    ] as const) {
      expect(latestValueKey(type, eventData[type])).toBeUndefined();
    }
  });
});
