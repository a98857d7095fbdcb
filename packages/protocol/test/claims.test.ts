import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  decodeTokenClaims,
  ErrorCode,
  type IssuedTokenClaims,
  issuedTokenClaimsSchema,
  MAX_DISPLAY_NAME_LENGTH,
} from "../src/index.js";
import { expectFailure, expectSuccess, expectWellFormed } from "./expect-result.js";

const issued: IssuedTokenClaims = {
  sub: "dev:0123456789abcdef",
  exp: 1_800_000_300,
  name: "Calm Otter",
  rooms: ["global", "dashboard:*"],
  publish: ["global"],
};

describe("decodeTokenClaims", () => {
  it("reads the claims an issuer signs, ignoring every other claim", () => {
    const payload = { ...issued, iat: 1_800_000_000, iss: "https://auth.example/", role: "x" };
    expect(expectSuccess(decodeTokenClaims(payload))).toEqual(issued);
  });

  it("leaves absent claims absent: the hub then grants its default rooms, no publishing", () => {
    expect(expectSuccess(decodeTokenClaims({}))).toEqual({});
  });

  it("reads a room-pattern claim given as one string, separated by spaces or commas", () => {
    const claims = expectSuccess(
      decodeTokenClaims({ rooms: " global, dashboard:* a ", publish: "" }),
    );
    expect(claims.rooms).toEqual(["global", "dashboard:*", "a"]);
    expect(claims.publish).toEqual([]);
  });

  it("trims the display name, cuts it without halving a character, and drops a blank one", () => {
    expect(expectSuccess(decodeTokenClaims({ name: "  Ann  " })).name).toBe("Ann");
    expect(expectSuccess(decodeTokenClaims({ name: "   " })).name).toBeUndefined();
    const long = `${"a".repeat(MAX_DISPLAY_NAME_LENGTH - 1)}😀`;
    expect(expectSuccess(decodeTokenClaims({ name: long })).name).toBe(long.slice(0, -2));
    expect(expectSuccess(decodeTokenClaims({ name: "b".repeat(100) })).name).toHaveLength(
      MAX_DISPLAY_NAME_LENGTH,
    );
  });

  // A broken claim read as absent would grant the default rooms the issuer never meant.
  it.each([
    ["rooms", 5],
    ["rooms", ["global", 5]],
    ["publish", { room: "global" }],
    ["sub", 42],
    ["exp", "tomorrow"],
    ["name", ["Ann"]],
  ])("refuses a token whose %s claim is %j, naming the claim", (claim, value) => {
    const error = expectFailure(decodeTokenClaims({ [claim]: value }), ErrorCode.INVALID_TOKEN);
    expect(error.message.startsWith(`${claim}`)).toBe(true);
  });

  it("never throws, whatever the payload", () => {
    fc.assert(
      fc.property(fc.anything(), (payload) => {
        expectWellFormed(decodeTokenClaims(payload));
      }),
    );
  });
});

describe("issuedTokenClaimsSchema", () => {
  it("requires sub and exp, which the hub needs by default", () => {
    expect(issuedTokenClaimsSchema.safeParse(issued).success).toBe(true);
    const { sub: _sub, ...withoutSub } = issued;
    const { exp: _exp, ...withoutExp } = issued;
    expect(issuedTokenClaimsSchema.safeParse(withoutSub).success).toBe(false);
    expect(issuedTokenClaimsSchema.safeParse(withoutExp).success).toBe(false);
  });
});
