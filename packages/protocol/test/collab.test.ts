import { describe, expect, it } from "vitest";
import {
  decodeClientMessage,
  decodeServerMessage,
  ErrorCode,
  encode,
  isCollabMessage,
  MAX_INDICATOR_PAYLOAD_CHARS,
  MAX_INDICATOR_TTL_MS,
  MIN_INDICATOR_TTL_MS,
} from "../src/index.js";
import { expectFailure, expectSuccess } from "./expect-result.js";
import { clone, serverControlMessages } from "./fixtures.js";

const publish = (data: Record<string, unknown>, id: string | number = "p1") =>
  JSON.stringify({ type: "publish", id, data });

describe("publish (client → server)", () => {
  it("accepts a room, a kind, and optionally any JSON payload and a ttl", () => {
    for (const payload of [undefined, "panel-3", 42, null, [1, 2], { panel: "plays", x: 1 }]) {
      const decoded = expectSuccess(
        decodeClientMessage(publish({ room: "dashboard:42", kind: "viewing", payload })),
      );
      expect(decoded).toMatchObject({ type: "publish", data: { room: "dashboard:42" } });
    }
    const ttl = expectSuccess(
      decodeClientMessage(publish({ room: "r", kind: "panel:focus", ttl_ms: 5_000 })),
    );
    expect(ttl).toEqual({
      type: "publish",
      id: "p1",
      data: { room: "r", kind: "panel:focus", ttl_ms: 5_000 },
    });
  });

  it("refuses a bad room with bad_room, carrying the ref", () => {
    const error = expectFailure(
      decodeClientMessage(publish({ room: "a.b", kind: "viewing" }, 9)),
      ErrorCode.BAD_ROOM,
    );
    expect(error.ref).toBe(9);
  });

  it.each([
    ["an empty kind", { room: "r", kind: "" }],
    ["a kind with spaces", { room: "r", kind: "look here" }],
    ["a kind longer than 32", { room: "r", kind: "k".repeat(33) }],
    ["no kind", { room: "r" }],
    ["no room", { kind: "viewing" }],
    ["a ttl below the minimum", { room: "r", kind: "k", ttl_ms: MIN_INDICATOR_TTL_MS - 1 }],
    ["a ttl above the maximum", { room: "r", kind: "k", ttl_ms: MAX_INDICATOR_TTL_MS + 1 }],
    ["a fractional ttl", { room: "r", kind: "k", ttl_ms: 1500.5 }],
    [
      "a payload over the size limit",
      { room: "r", kind: "k", payload: "x".repeat(MAX_INDICATOR_PAYLOAD_CHARS) },
    ],
  ])("refuses %s with bad_message", (_name, data) => {
    expectFailure(decodeClientMessage(publish(data)), ErrorCode.BAD_MESSAGE);
  });

  it("accepts a payload right at the size limit", () => {
    // JSON of a string adds two quote characters.
    const payload = "x".repeat(MAX_INDICATOR_PAYLOAD_CHARS - 2);
    expectSuccess(decodeClientMessage(publish({ room: "r", kind: "k", payload })));
  });
});

describe("presence, join, leave, indicator (server → client)", () => {
  it.each(["presence", "join", "leave", "indicator"] as const)(
    "%s is a collaboration message",
    (type) => {
      const message = serverControlMessages[type];
      expect(isCollabMessage(message)).toBe(true);
      expect(expectSuccess(decodeServerMessage(encode(message)))).toEqual(message);
    },
  );

  it("other control messages are not collaboration messages", () => {
    expect(isCollabMessage(serverControlMessages.pong)).toBe(false);
    expect(isCollabMessage(serverControlMessages.welcome)).toBe(false);
  });

  it("rejects an indicator without its sender or timestamp", () => {
    const indicator = clone(serverControlMessages.indicator) as { data: Record<string, unknown> };
    const { from: _from, ...withoutFrom } = indicator.data;
    expectFailure(
      decodeServerMessage(JSON.stringify({ ...indicator, data: withoutFrom })),
      ErrorCode.BAD_MESSAGE,
    );
    const { ts: _ts, ...withoutTs } = indicator.data;
    expectFailure(
      decodeServerMessage(JSON.stringify({ ...indicator, data: withoutTs })),
      ErrorCode.BAD_MESSAGE,
    );
  });

  it("rejects a member without an id and a presence with an invalid room", () => {
    expectFailure(
      decodeServerMessage(
        JSON.stringify({ type: "join", data: { room: "r", member: { id: "", name: "x" } } }),
      ),
      ErrorCode.BAD_MESSAGE,
    );
    expectFailure(
      decodeServerMessage(JSON.stringify({ type: "presence", data: { room: "a b", members: [] } })),
      ErrorCode.BAD_MESSAGE,
    );
  });
});
