import { describe, expect, it } from "vitest";
import {
  ErrorCode,
  EVENT_TYPES,
  MAX_ERROR_MESSAGE_LENGTH,
  type PublishInput,
  validatePublishInput,
} from "../src/index.js";
import { expectFailure, expectSuccess, expectWellFormed } from "./expect-result.js";
import { clone, eventData, without } from "./fixtures.js";

const playbackKeys = [...Object.keys(eventData.playback), "event_id", "timestamp"];

describe("validatePublishInput", () => {
  it.each(EVENT_TYPES)("accepts a valid %s and returns it unchanged", (type) => {
    const input = { room: "server:plex-main", type, data: clone(eventData[type]) };
    expect(expectSuccess(validatePublishInput(input))).toEqual(input);
  });

  it("drops top-level fields other than room, type and data", () => {
    const input = { room: "global", type: "stats_update", data: eventData.stats_update, seq: 5 };
    const value: PublishInput = expectSuccess(validatePublishInput(input));
    expect(value).toEqual({ room: "global", type: "stats_update", data: eventData.stats_update });
  });

  it.each([null, undefined, 42, "playback", [], [{ room: "global" }]])(
    "rejects a non-object %j with bad_message",
    (value) => {
      expectFailure(validatePublishInput(value), ErrorCode.BAD_MESSAGE);
    },
  );

  it.each([
    "ping",
    "pong",
    "welcome",
    "playbacks",
    "Playback",
    "",
    "__proto__",
    "toString",
    5,
    null,
  ])("rejects type %j with unknown_type", (type) => {
    const error = expectFailure(
      validatePublishInput({ room: "global", type, data: eventData.playback }),
      ErrorCode.UNKNOWN_TYPE,
    );
    expect(error.message).toContain("unknown event type");
  });

  it("rejects a missing type with unknown_type", () => {
    const input = without({ room: "global", type: "playback", data: {} }, "type");
    expectFailure(validatePublishInput(input), ErrorCode.UNKNOWN_TYPE);
  });

  it.each([
    "",
    "a.b",
    "pulse.global",
    "a b",
    "dashboard:*",
    ">",
    "r".repeat(65),
    7,
    null,
    undefined,
  ])("rejects room %j with bad_room", (room) => {
    const error = expectFailure(
      validatePublishInput({ room, type: "playback", data: eventData.playback }),
      ErrorCode.BAD_ROOM,
    );
    expect(error.message).toContain("invalid room");
  });

  it("checks the type before the room", () => {
    expectFailure(
      validatePublishInput({ room: "a b", type: "nope", data: {} }),
      ErrorCode.UNKNOWN_TYPE,
    );
  });

  it.each([
    ["missing data", undefined],
    ["null data", null],
    ["array data", [eventData.playback]],
    ["a title of the wrong type", { ...eventData.playback, title: 17 }],
    ["neither id nor event_id", without(eventData.playback, "id")],
  ])("rejects a playback with %s with bad_message naming the type", (_name, data) => {
    const error = expectFailure(
      validatePublishInput({ room: "global", type: "playback", data }),
      ErrorCode.BAD_MESSAGE,
    );
    expect(error.message).toMatch(/^invalid playback: /);
  });

  it("bounds every message however large the offending value", () => {
    const huge = "z".repeat(100_000);
    const inputs = [
      { room: "global", type: huge, data: {} },
      { room: huge, type: "playback", data: {} },
      { room: "global", type: "playback", data: { ...eventData.playback, username: [huge] } },
      { room: "global", type: { nested: huge }, data: {} },
      // Every playback field wrong: the issue list alone exceeds the limit.
      {
        room: "global",
        type: "playback",
        data: Object.fromEntries(playbackKeys.map((k) => [k, 1])),
      },
    ];
    for (const input of inputs) {
      const error = expectFailure(validatePublishInput(input));
      expect(error.message.length).toBeLessThanOrEqual(MAX_ERROR_MESSAGE_LENGTH);
    }
  });

  it("describes values JSON cannot represent without throwing", () => {
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    const odd = [10n, circular, Symbol("s"), () => 1];
    for (const value of odd) {
      expectWellFormed(validatePublishInput({ room: "global", type: value, data: {} }));
      expectWellFormed(validatePublishInput({ room: value, type: "playback", data: {} }));
    }
  });
});
