import { describe, expect, it } from "vitest";
import { tokenExpiry } from "../src/jwt.js";
import { jwt } from "./support/jwt.js";

describe("tokenExpiry", () => {
  it("reads `exp` (seconds) as ms", () => {
    expect(tokenExpiry(jwt({ exp: 1_800_000_000 }))).toBe(1_800_000_000_000);
  });

  it("decodes base64url payloads holding UTF-8", () => {
    expect(tokenExpiry(jwt({ name: "Zoë ✓ ~~~???", exp: 42 }))).toBe(42_000);
  });

  it("is undefined for tokens without `exp` and for non-JWTs", () => {
    expect(tokenExpiry(jwt({ sub: "x" }))).toBeUndefined();
    expect(tokenExpiry(jwt({ exp: "soon" }))).toBeUndefined();
    expect(tokenExpiry("opaque-api-key")).toBeUndefined();
    expect(tokenExpiry("a.%%%.c")).toBeUndefined();
    expect(tokenExpiry("a..c")).toBeUndefined();
  });
});
