import type { z } from "zod";
import { MAX_ERROR_MESSAGE_LENGTH } from "./limits.js";

/** A one-line, bounded description of schema violations, safe to echo to a client. */
export function describeIssues(error: z.ZodError): string {
  const text = error.issues
    .map((issue) => {
      // String(): a path segment may be a symbol, which join() cannot convert.
      const path = issue.path.length > 0 ? issue.path.map(String).join(".") : "(root)";
      return `${path}: ${issue.message}`;
    })
    .join("; ");
  return truncate(text, MAX_ERROR_MESSAGE_LENGTH);
}

/**
 * A short rendering of an untrusted value for an error message. Never throws: the value may be
 * anything a producer sent (a huge string, a BigInt, a circular object).
 */
export function describeValue(value: unknown, max = 64): string {
  let text: string;
  try {
    // Slice first so a multi-megabyte string is not serialized whole only to be cut.
    const shown = typeof value === "string" ? value.slice(0, max) : value;
    text = JSON.stringify(shown) ?? String(shown);
  } catch {
    text = typeof value === "bigint" ? `${value}n` : `(${typeof value})`;
  }
  return truncate(text, max);
}

export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${cut(text, max - 1)}…`;
}

/** The first `max` UTF-16 units of `text`, without an ellipsis. */
export function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  // Do not cut a surrogate pair in half: the lone half would not be valid UTF-16 text.
  const last = text.charCodeAt(max - 1);
  return text.slice(0, last >= 0xd800 && last <= 0xdbff ? max - 1 : max);
}
