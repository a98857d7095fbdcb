import { describe, expect, it, vi } from "vitest";
import { fetchToken, TokenFetchError } from "../lib/token-source";

function fakeFetch(status: number, body: unknown): typeof fetch {
  return vi.fn(async () => Response.json(body, { status })) as unknown as typeof fetch;
}

describe("fetchToken", () => {
  it("asks for the rooms and returns the token", async () => {
    const fetchImpl = fakeFetch(200, { token: "abc", exp: 1, rooms: ["global"] });
    await expect(fetchToken("/api/token", ["global", "dashboard:4"], fetchImpl)).resolves.toEqual({
      kind: "issued",
      token: "abc",
    });
    expect(fetchImpl).toHaveBeenCalledWith(
      "/api/token?rooms=global%2Cdashboard%3A4",
      expect.objectContaining({ cache: "no-store" }),
    );
  });

  it("returns no token when none is needed or the endpoint does not exist", async () => {
    const notNeeded = fakeFetch(200, { token: null, message: "…" });
    await expect(fetchToken("/api/token", ["global"], notNeeded)).resolves.toEqual({
      kind: "not-needed",
    });
    const absent = fakeFetch(404, { error: "dev_tokens_disabled", message: "…" });
    await expect(fetchToken("/api/token", ["global"], absent)).resolves.toEqual({
      kind: "no-endpoint",
    });
  });

  it("treats a 200 without a token field as an error", async () => {
    const fetchImpl = fakeFetch(200, { something: "else" });
    await expect(fetchToken("/api/token", ["global"], fetchImpl)).rejects.toBeInstanceOf(
      TokenFetchError,
    );
  });

  it("throws a TokenFetchError with the status and code otherwise", async () => {
    const fetchImpl = fakeFetch(500, { error: "bad_secret", message: "too short" });
    const error = await fetchToken("/api/token", ["global"], fetchImpl).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TokenFetchError);
    expect(error).toMatchObject({ status: 500, code: "bad_secret", message: "too short" });
  });

  it("throws a TokenFetchError when the request itself fails", async () => {
    const fetchImpl = vi.fn(async () => {
      throw new TypeError("Failed to fetch");
    }) as unknown as typeof fetch;
    const error = await fetchToken("/api/token", ["global"], fetchImpl).catch((e: unknown) => e);
    expect(error).toMatchObject({
      status: undefined,
      message: "token request failed: Failed to fetch",
    });
  });
});
