import { describe, expect, it } from "vitest";
import {
  DEFAULT_EVENTS_PAGE,
  decodeClientMessage,
  decodeRoomEventsResponse,
  decodeRoomStateResponse,
  ErrorCode,
  encode,
  httpErrorSchema,
  MAX_EVENTS_PAGE,
  roomPath,
} from "../src/index.js";
import { expectFailure, expectSuccess } from "./expect-result.js";
import { serverEvent } from "./fixtures.js";

describe("subscribe.history", () => {
  const subscribe = (history: unknown) =>
    decodeClientMessage(JSON.stringify({ type: "subscribe", data: { rooms: ["a"], history } }));

  it("accepts any non-negative integer (the hub clamps it) and stays optional", () => {
    for (const history of [0, 1, 500, 100_000]) {
      const message = expectSuccess(subscribe(history));
      expect(message.type === "subscribe" && message.data.history).toBe(history);
    }
    const without = expectSuccess(
      decodeClientMessage(encode({ type: "subscribe", data: { rooms: ["a"] } })),
    );
    expect(without.type === "subscribe" && "history" in without.data).toBe(false);
  });

  it("refuses negative, fractional and non-numeric counts with bad_message", () => {
    for (const history of [-1, 1.5, "50", null, Number.MAX_SAFE_INTEGER + 2]) {
      const error = expectFailure(subscribe(history), ErrorCode.BAD_MESSAGE);
      expect(error.message).toContain("data.history");
    }
  });
});

describe("HTTP answers of a room's past", () => {
  it("decodes /events, keeping each event's data exactly as sent", () => {
    const events = [serverEvent("playback", "dashboard:42"), serverEvent("stats_update")];
    const raw = JSON.parse(JSON.stringify({ epoch: "e1", events, more: true }));
    // A key the schema does not know must survive, in place (the producer's data as written).
    raw.events[0].data = { zz_first: 1, ...raw.events[0].data };
    const decoded = expectSuccess(decodeRoomEventsResponse(JSON.stringify(raw)));
    expect(decoded.more).toBe(true);
    expect(decoded.epoch).toBe("e1");
    expect(decoded.events.map((event) => event.seq)).toEqual(events.map((event) => event.seq));
    expect(Object.keys(decoded.events[0]?.data ?? {})[0]).toBe("zz_first");
    expect(decoded.events[1]?.data).toEqual(events[1]?.data);
  });

  it("decodes /state from text or a parsed value", () => {
    const answer = { epoch: "e1", seq: 1200, events: [serverEvent("sync_progress")] };
    expect(expectSuccess(decodeRoomStateResponse(answer))).toEqual(answer);
    expect(expectSuccess(decodeRoomStateResponse(JSON.stringify(answer)))).toEqual(answer);
  });

  it("refuses malformed answers without throwing", () => {
    expectFailure(decodeRoomEventsResponse("{not json"), ErrorCode.BAD_JSON);
    expectFailure(decodeRoomEventsResponse({ epoch: "e", events: [] }), ErrorCode.BAD_MESSAGE);
    expectFailure(decodeRoomStateResponse({ epoch: "e", seq: -1, events: [] }));
    const badEvent = { ...serverEvent("playback"), data: { id: 7 } };
    const error = expectFailure(
      decodeRoomStateResponse({ epoch: "e", seq: 3, events: [badEvent] }),
      ErrorCode.BAD_MESSAGE,
    );
    expect(error.message).toContain("events.0");
    expectFailure(decodeRoomStateResponse(null));
  });

  it("names the paths and page bounds", () => {
    expect(roomPath("dashboard:42", "events")).toBe("/api/v1/rooms/dashboard%3A42/events");
    expect(roomPath("global", "state")).toBe("/api/v1/rooms/global/state");
    expect([DEFAULT_EVENTS_PAGE, MAX_EVENTS_PAGE]).toEqual([50, 500]);
    expect(httpErrorSchema.safeParse({ error: "bad_room", message: "m" }).success).toBe(true);
  });
});
