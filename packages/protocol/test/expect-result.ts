import { expect } from "vitest";
import {
  ErrorCode,
  MAX_ERROR_MESSAGE_LENGTH,
  type ProtocolError,
  type Result,
} from "../src/index.js";

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const ERROR_CODES: readonly string[] = Object.values(ErrorCode);

/** Asserts the `Result` contract: `{ok:true,value}` or `{ok:false,error}` with a bounded message. */
export function expectWellFormed(result: Result<unknown>): void {
  if (result.ok) {
    expect(Object.keys(result).sort()).toEqual(["ok", "value"]);
    return;
  }
  expect(ERROR_CODES).toContain(result.error.code);
  expect(typeof result.error.message).toBe("string");
  expect(result.error.message.length).toBeGreaterThan(0);
  expect(result.error.message.length).toBeLessThanOrEqual(MAX_ERROR_MESSAGE_LENGTH);
  // The message goes out in a text frame: half a surrogate pair would be mangled on the way.
  expect(result.error.message).not.toMatch(LONE_SURROGATE);
}

/** Asserts a failure and returns its error, so a test can check code, message and ref. */
export function expectFailure(result: Result<unknown>, code?: ErrorCode): ProtocolError {
  expectWellFormed(result);
  if (result.ok) throw new Error(`expected a failure, got ${JSON.stringify(result.value)}`);
  if (code !== undefined) expect(result.error.code).toBe(code);
  return result.error;
}

/** Asserts a success and returns its value. */
export function expectSuccess<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`expected success, got ${JSON.stringify(result.error)}`);
  return result.value;
}
