import { CloseCode } from "@pulseboard/protocol";
import { describe, expect, it } from "vitest";
import { backoffDelay, jitter } from "../src/backoff.js";
import { BACKOFF_BASE_MS, BACKOFF_CAP_MS, QUICK_RETRY_MS } from "../src/defaults.js";
import { reconnectDelay, retryHint } from "../src/reconnect-policy.js";

const almostOne = 0.999_999;

describe("backoffDelay (full jitter)", () => {
  it("doubles the ceiling per attempt from 500 ms and stops at 10 s", () => {
    const ceilings = Array.from({ length: 10 }, (_, attempt) =>
      backoffDelay(attempt, {}, () => almostOne),
    );
    expect(ceilings).toEqual([499, 999, 1999, 3999, 7999, 9999, 9999, 9999, 9999, 9999]);
    expect(BACKOFF_BASE_MS).toBe(500);
    expect(BACKOFF_CAP_MS).toBe(10_000);
  });

  it("draws uniformly from [0, ceiling)", () => {
    expect(backoffDelay(3, {}, () => 0)).toBe(0);
    expect(backoffDelay(3, {}, () => 0.5)).toBe(2000);
    expect(backoffDelay(3, {}, () => 0.25)).toBe(1000);
  });

  it("takes base and cap as options and survives absurd attempts", () => {
    expect(backoffDelay(2, { baseMs: 100, capMs: 1000 }, () => 0.5)).toBe(200);
    expect(backoffDelay(5, { baseMs: 100, capMs: 1000 }, () => 0.5)).toBe(500);
    expect(backoffDelay(10_000, {}, () => 0.5)).toBe(5_000);
  });
});

describe("jitter", () => {
  it("spreads a value by ±fraction", () => {
    expect(jitter(1000, 0.2, () => 0)).toBe(800);
    expect(jitter(1000, 0.2, () => 0.5)).toBe(1000);
    expect(jitter(1000, 0.2, () => almostOne)).toBe(1200);
  });
});

describe("reconnectDelay", () => {
  const half = () => 0.5;

  it("uses a 1001 close's retry_ms, jittered by ±20 %", () => {
    const close = { code: CloseCode.GOING_AWAY, reason: '{"retry_ms":2000}' };
    expect(reconnectDelay(close, 0, {}, () => 0)).toBe(1600);
    expect(reconnectDelay(close, 0, {}, half)).toBe(2000);
    expect(reconnectDelay(close, 5, {}, () => almostOne)).toBe(2400);
  });

  it("uses a 1013 close's retry_ms too (hub full, or a catch-up it could not serve)", () => {
    const close = { code: CloseCode.TRY_AGAIN_LATER, reason: '{"retry_ms":700}' };
    expect(reconnectDelay(close, 0, {}, half)).toBe(700);
    // Even after failures: the hub's hint beats the growing backoff (2 s at 2 failures).
    expect(reconnectDelay(close, 2, {}, half)).toBe(700);
  });

  it("falls back to backoff for a 1001 without a usable hint", () => {
    const close = { code: CloseCode.GOING_AWAY, reason: "bye" };
    expect(reconnectDelay(close, 2, {}, half)).toBe(1000);
  });

  it("retries almost at once after 4008 and 4001, but only the first time", () => {
    for (const code of [CloseCode.SLOW_CONSUMER, CloseCode.TOKEN_EXPIRED]) {
      expect(reconnectDelay({ code, reason: "" }, 0, {}, half)).toBe(QUICK_RETRY_MS / 2);
      expect(reconnectDelay({ code, reason: "" }, 3, {}, half)).toBe(2000);
    }
  });

  it("pauses 10–20 s after an operator's disconnect (4010), longer if the backoff is longer", () => {
    const close = { code: CloseCode.DISCONNECTED, reason: "disconnected by an operator" };
    expect(reconnectDelay(close, 0, {}, () => 0)).toBe(10_000);
    expect(reconnectDelay(close, 0, {}, half)).toBe(15_000);
    expect(reconnectDelay(close, 0, {}, () => 0.999_999)).toBe(20_000);
    // A client configured with a longer backoff keeps it when that is longer.
    expect(reconnectDelay(close, 10, { capMs: 60_000 }, () => 0.9)).toBe(54_000);
  });

  it("backs off for everything else, and when the socket never opened", () => {
    expect(reconnectDelay({ code: 1006, reason: "" }, 0, {}, half)).toBe(250);
    expect(reconnectDelay({ code: CloseCode.TRY_AGAIN_LATER, reason: "" }, 1, {}, half)).toBe(500);
    expect(reconnectDelay(undefined, 4, {}, half)).toBe(4000);
  });
});

describe("retryHint", () => {
  it("reads retry_ms from the close reason", () => {
    expect(retryHint('{"retry_ms":1234}')).toBe(1234);
    expect(retryHint('{"retry_ms":-1}')).toBeUndefined();
    expect(retryHint('{"retry_ms":"5"}')).toBeUndefined();
    expect(retryHint("null")).toBeUndefined();
    expect(retryHint("")).toBeUndefined();
  });
});
