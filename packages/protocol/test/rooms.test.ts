import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isValidRoom, MAX_ROOM_NAME_LENGTH, roomPatternMatches } from "../src/index.js";
import { roomArb } from "./arbitraries.js";

describe("isValidRoom", () => {
  it.each([
    "global",
    "dashboard:42",
    "server_plex-main",
    "A",
    "0",
    "::",
    "r".repeat(MAX_ROOM_NAME_LENGTH),
  ])("accepts %j", (room) => {
    expect(isValidRoom(room)).toBe(true);
  });

  it.each([
    "",
    "r".repeat(MAX_ROOM_NAME_LENGTH + 1),
    "a.b",
    "a b",
    "a*",
    "*",
    ">",
    "dash/1",
    "café",
    "global\n",
    "\nglobal",
    "glo\u0000bal",
  ])("rejects %j", (room) => {
    expect(isValidRoom(room)).toBe(false);
  });

  it.each([5, null, undefined, ["global"], { room: "global" }])(
    "rejects non-string %j",
    (value) => {
      expect(isValidRoom(value)).toBe(false);
    },
  );
});

describe("roomPatternMatches", () => {
  it.each([
    ["global", "global", true],
    ["global", "global2", false],
    ["global", "Global", false],
    ["dashboard:4", "dashboard:42", false],
    ["dashboard:*", "dashboard:42", true],
    ["dashboard:*", "dashboard:", true],
    ["dashboard:*", "dashboards", false],
    ["dashboard:*", "dashboard", false],
    ["dash*", "dashboard:42", true],
    ["*", "global", true],
    ["*", "anything-at_all:1", true],
    ["a*b", "axb", false],
    ["a*b", "a*b", true],
  ] as const)("%j grants %j: %s", (pattern, room, expected) => {
    expect(roomPatternMatches(pattern, room)).toBe(expected);
  });

  it("a prefix pattern grants exactly the rooms starting with the prefix", () => {
    fc.assert(
      fc.property(roomArb, roomArb, (prefix, room) => {
        expect(roomPatternMatches(`${prefix}*`, room)).toBe(room.startsWith(prefix));
        expect(roomPatternMatches(`${prefix}*`, `${prefix}${room}`)).toBe(true);
      }),
    );
  });

  it("an exact pattern grants only itself", () => {
    fc.assert(
      fc.property(roomArb, roomArb, (pattern, room) => {
        expect(roomPatternMatches(pattern, room)).toBe(pattern === room);
        expect(roomPatternMatches(pattern, pattern)).toBe(true);
      }),
    );
  });
});
