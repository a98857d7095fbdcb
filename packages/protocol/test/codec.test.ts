import { describe, expect, it } from "vitest";
import {
  type ClientMessage,
  decodeClientMessage,
  decodeServerMessage,
  ErrorCode,
  EVENT_TYPES,
  encode,
  MAX_ERROR_MESSAGE_LENGTH,
  MAX_ROOMS_PER_REQUEST,
  type ServerControlMessage,
} from "../src/index.js";
import { expectFailure, expectSuccess } from "./expect-result.js";
import { clientMessages, serverControlMessages, serverEvent } from "./fixtures.js";

describe("round trips", () => {
  it.each(EVENT_TYPES)("event %s survives encode → decode", (type) => {
    const event = serverEvent(type, "dashboard:42");
    const text = encode(event);
    expect(expectSuccess(decodeServerMessage(text))).toEqual(event);
  });

  it.each(Object.entries(clientMessages))("client %s survives encode → decode", (_type, list) => {
    for (const message of list) {
      expect(expectSuccess(decodeClientMessage(encode(message)))).toEqual(message);
    }
  });

  it.each(Object.entries(serverControlMessages))(
    "server control %s survives encode → decode",
    (_type, message) => {
      expect(expectSuccess(decodeServerMessage(encode(message)))).toEqual(message);
    },
  );

  it("covers every client and server control type", () => {
    expect(Object.keys(clientMessages).sort()).toEqual([
      "append",
      "ping",
      "publish",
      "refresh",
      "subscribe",
      "unsubscribe",
    ]);
    expect(Object.keys(serverControlMessages).sort()).toEqual([
      "appended",
      "error",
      "indicator",
      "join",
      "leave",
      "pong",
      "presence",
      "refreshed",
      "reset",
      "subscribed",
      "unsubscribed",
      "welcome",
    ]);
  });

  it("encodes to the legacy envelope: type and data at the top level", () => {
    const parsed: unknown = JSON.parse(encode({ type: "pong", data: null }));
    expect(parsed).toEqual({ type: "pong", data: null });
  });

  it("keeps a legacy ping with arbitrary data", () => {
    const decoded = expectSuccess(decodeClientMessage('{"type":"ping","data":{"t":1}}'));
    expect(decoded).toEqual({ type: "ping", data: { t: 1 } });
  });

  it.each(["retention", "ahead", "epoch", "replay_limit"])("accepts reset reason %s", (reason) => {
    const text = JSON.stringify({ type: "reset", data: { rooms: ["global"], reason } });
    expect(expectSuccess(decodeServerMessage(text))).toEqual(JSON.parse(text));
  });

  it("accepts a refreshed with exp null (auth off)", () => {
    const message: ServerControlMessage = { type: "refreshed", data: { exp: null } };
    expect(expectSuccess(decodeServerMessage(encode(message)))).toEqual(message);
  });
});

describe("decodeClientMessage errors", () => {
  it.each(["", "{", "not json", '{"type":"ping",}', "{'type':'ping'}"])("%j → bad_json", (text) => {
    const error = expectFailure(decodeClientMessage(text), ErrorCode.BAD_JSON);
    expect(error.ref).toBeUndefined();
  });

  it.each(["null", "42", '"ping"', "true", "[]", '[{"type":"ping"}]'])(
    "non-object %s → bad_message",
    (text) => {
      expectFailure(decodeClientMessage(text), ErrorCode.BAD_MESSAGE);
    },
  );

  it.each(['{"data":null}', '{"type":5}', '{"type":null}', '{"type":["ping"]}', "{}"])(
    "missing or non-string type %s → bad_message",
    (text) => {
      expectFailure(decodeClientMessage(text), ErrorCode.BAD_MESSAGE);
    },
  );

  it.each(["pong", "playback", "welcome", "Ping", "", "__proto__", "toString", "constructor"])(
    "type %j → unknown_type",
    (type) => {
      const error = expectFailure(
        decodeClientMessage(JSON.stringify({ type, data: null })),
        ErrorCode.UNKNOWN_TYPE,
      );
      expect(error.message).toContain("unknown message type");
    },
  );

  it("bounds the message of an unknown type however long the type is", () => {
    const error = expectFailure(
      decodeClientMessage(JSON.stringify({ type: "x".repeat(100_000) })),
      ErrorCode.UNKNOWN_TYPE,
    );
    expect(error.message.length).toBeLessThanOrEqual(MAX_ERROR_MESSAGE_LENGTH);
  });

  const schemaViolations: [string, unknown][] = [
    ["subscribe without data", { type: "subscribe" }],
    ["subscribe with data null", { type: "subscribe", data: null }],
    ["subscribe with rooms not an array", { type: "subscribe", data: { rooms: "global" } }],
    ["subscribe with no rooms", { type: "subscribe", data: { rooms: [] } }],
    ["subscribe with negative since", { type: "subscribe", data: { rooms: ["a"], since: -1 } }],
    ["subscribe with fractional since", { type: "subscribe", data: { rooms: ["a"], since: 1.5 } }],
    ["subscribe with string since", { type: "subscribe", data: { rooms: ["a"], since: "5" } }],
    ["subscribe with numeric epoch", { type: "subscribe", data: { rooms: ["a"], epoch: 3 } }],
    ["unsubscribe without rooms", { type: "unsubscribe", data: {} }],
    ["refresh without token", { type: "refresh", data: {} }],
    ["refresh with empty token", { type: "refresh", data: { token: "" } }],
    ["refresh with numeric token", { type: "refresh", data: { token: 42 } }],
    ["ping with an object id", { type: "ping", id: { n: 1 } }],
    ["ping with an over-long id", { type: "ping", id: "i".repeat(129) }],
  ];

  it.each(schemaViolations)("%s → bad_message", (_name, message) => {
    const error = expectFailure(
      decodeClientMessage(JSON.stringify(message)),
      ErrorCode.BAD_MESSAGE,
    );
    expect(error.message.length).toBeGreaterThan(0);
  });

  it.each([
    ["a space", "dash board"],
    ["a dot", "pulse.global"],
    ["a wildcard", "dashboard:*"],
    ["the NATS tail wildcard", ">"],
    ["an empty name", ""],
    ["65 characters", "r".repeat(65)],
    ["a non-ASCII letter", "café"],
    ["a number", 42],
  ])("subscribe naming a room with %s → bad_room, refused whole", (_name, bad) => {
    const text = JSON.stringify({ type: "subscribe", id: "s", data: { rooms: ["global", bad] } });
    const error = expectFailure(decodeClientMessage(text), ErrorCode.BAD_ROOM);
    expect(error.ref).toBe("s");
  });

  it("unsubscribe naming an invalid room → bad_room", () => {
    const text = JSON.stringify({ type: "unsubscribe", data: { rooms: ["a b"] } });
    expectFailure(decodeClientMessage(text), ErrorCode.BAD_ROOM);
  });

  const rooms = (n: number) => Array.from({ length: n }, (_, i) => `room-${i}`);

  it.each(["subscribe", "unsubscribe"])(
    `%s with ${MAX_ROOMS_PER_REQUEST} rooms is accepted`,
    (type) => {
      const message = { type, data: { rooms: rooms(MAX_ROOMS_PER_REQUEST) } } as ClientMessage;
      expect(expectSuccess(decodeClientMessage(JSON.stringify(message)))).toEqual(message);
    },
  );

  it.each(["subscribe", "unsubscribe"])("%s with more rooms → too_many_rooms", (type) => {
    const text = JSON.stringify({ type, id: 9, data: { rooms: rooms(MAX_ROOMS_PER_REQUEST + 1) } });
    const error = expectFailure(decodeClientMessage(text), ErrorCode.TOO_MANY_ROOMS);
    expect(error.ref).toBe(9);
  });

  it.each([
    ["a string id on bad_message", { type: "subscribe", id: "abc" }, "abc"],
    ["a numeric id on bad_message", { type: "refresh", id: 12, data: {} }, 12],
    ["a string id on unknown_type", { type: "nope", id: "x-1" }, "x-1"],
    ["a zero id", { type: "nope", id: 0 }, 0],
    ["an empty-string id", { type: "nope", id: "" }, ""],
    ["a negative fractional id", { type: "subscribe", id: -2.5, data: {} }, -2.5],
  ])("error ref echoes %s", (_name, message, ref) => {
    expect(expectFailure(decodeClientMessage(JSON.stringify(message))).ref).toBe(ref);
  });

  it("error ref is absent when the message had no readable id", () => {
    expect(expectFailure(decodeClientMessage('{"type":"nope"}')).ref).toBeUndefined();
    expect(expectFailure(decodeClientMessage('{"type":"nope","id":[1]}')).ref).toBeUndefined();
    expect(expectFailure(decodeClientMessage('{"id":"a"}')).ref).toBe("a");
  });

  it("a valid message keeps its id so the reply can carry it as ref", () => {
    const decoded = expectSuccess(decodeClientMessage('{"type":"ping","id":"p-9"}'));
    expect(decoded.id).toBe("p-9");
  });
});

describe("decodeServerMessage errors", () => {
  it("rejects invalid JSON with bad_json", () => {
    expectFailure(decodeServerMessage("[{"), ErrorCode.BAD_JSON);
    expectFailure(decodeServerMessage("nope"), ErrorCode.BAD_JSON);
  });

  it("never cuts a surrogate pair when shortening an unknown type", () => {
    for (const prefix of ["", "a", "ab"]) {
      const type = `${prefix}${"😀".repeat(200)}`;
      // expectFailure checks the message is bounded and well-formed UTF-16.
      expectFailure(decodeServerMessage(JSON.stringify({ type })), ErrorCode.UNKNOWN_TYPE);
      expectFailure(decodeClientMessage(JSON.stringify({ type })), ErrorCode.UNKNOWN_TYPE);
    }
  });

  it("rejects an unknown type with unknown_type, bounded however long the type", () => {
    expectFailure(decodeServerMessage('{"type":"ping","data":null}'), ErrorCode.UNKNOWN_TYPE);
    const error = expectFailure(
      decodeServerMessage(JSON.stringify({ type: "y".repeat(10_000), data: null })),
      ErrorCode.UNKNOWN_TYPE,
    );
    expect(error.message.length).toBeLessThanOrEqual(MAX_ERROR_MESSAGE_LENGTH);
  });

  it.each([
    ["an event without seq", { ...serverEvent("playback"), seq: undefined }],
    ["an event without ts", { ...serverEvent("playback"), ts: undefined }],
    ["an event with a bad room", { ...serverEvent("playback"), room: "a.b" }],
    ["an event with a negative seq", { ...serverEvent("playback"), seq: -1 }],
    ["an event with invalid data", { ...serverEvent("stats_update"), data: { total_count: -1 } }],
    ["a welcome of protocol 2", { type: "welcome", data: { ...welcomeData(), protocol: 2 } }],
    [
      "a welcome with a user without id",
      { type: "welcome", data: { ...welcomeData(), user: { name: "Ana" } } },
    ],
    ["a reset with an unknown reason", { type: "reset", data: { rooms: [], reason: "other" } }],
    ["a pong with data", { type: "pong", data: {} }],
    ["an error without code", { type: "error", data: { message: "x" } }],
  ])("rejects %s with bad_message", (_name, message) => {
    expectFailure(decodeServerMessage(JSON.stringify(message)), ErrorCode.BAD_MESSAGE);
  });

  it("refuses a JSON array: a frame is one message (there is no batch form)", () => {
    const valid = encode(serverControlMessages.pong);
    for (const frame of [`[${valid}]`, `[${valid},${valid}]`, "[]", "[1]", "[null]"]) {
      expectFailure(decodeServerMessage(frame), ErrorCode.BAD_MESSAGE);
    }
  });
});

function welcomeData(): Record<string, unknown> {
  return { ...serverControlMessages.welcome.data };
}
