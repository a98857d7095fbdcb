/**
 * Spans of the direct children of a JSON object or array, read from its text. The hub uses it
 * to keep a producer's bytes: the `data` of a publish item or of a NATS envelope is copied to
 * clients as the producer wrote it (key order, number spelling, escapes), not re-serialized.
 *
 * Only for text `JSON.parse` has already accepted: it trusts the structure and checks nothing.
 * Linear in the text's length, iterative (no recursion on deep values).
 */

export interface JsonChild {
  /** The member's key (decoded); undefined for array elements. */
  key: string | undefined;
  /** The value's text is `text.slice(start, end)`. */
  start: number;
  end: number;
}

/** Children of the object or array that starts at or after `from` (leading whitespace ok). */
export function jsonChildren(text: string, from = 0): JsonChild[] {
  let i = skipWhitespace(text, from);
  const isObject = text[i] === "{";
  const close = isObject ? "}" : "]";
  i = skipWhitespace(text, i + 1);
  const children: JsonChild[] = [];
  while (text[i] !== close) {
    let key: string | undefined;
    if (isObject) {
      const keyEnd = skipString(text, i);
      key = JSON.parse(text.slice(i, keyEnd)) as string;
      i = skipWhitespace(text, keyEnd) + 1; // the colon
      i = skipWhitespace(text, i);
    }
    const end = skipValue(text, i);
    children.push({ key, start: i, end });
    i = skipWhitespace(text, end);
    if (text[i] === ",") i = skipWhitespace(text, i + 1);
  }
  return children;
}

/** Text of the member `key` of the object at `from`; the last one wins, as in JSON.parse. */
export function jsonMemberText(text: string, key: string, from = 0): string | undefined {
  let found: JsonChild | undefined;
  for (const child of jsonChildren(text, from)) if (child.key === key) found = child;
  return found === undefined ? undefined : text.slice(found.start, found.end);
}

function skipWhitespace(text: string, i: number): number {
  let at = i;
  for (;;) {
    const c = text.charCodeAt(at);
    // JSON whitespace: space, tab, line feed, carriage return.
    if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return at;
    at++;
  }
}

/** `text[i]` is the opening quote; returns the index after the closing one. */
function skipString(text: string, i: number): number {
  let at = i + 1;
  for (;;) {
    const c = text.charCodeAt(at);
    // A backslash escapes the next character, whatever it is (a quote included).
    if (c === 0x5c) {
      at += 2;
    } else if (c === 0x22) {
      return at + 1;
    } else {
      at++;
    }
  }
}

function skipValue(text: string, i: number): number {
  const first = text[i];
  if (first === '"') return skipString(text, i);
  if (first === "{" || first === "[") {
    let depth = 0;
    let at = i;
    for (;;) {
      const c = text[at];
      if (c === '"') {
        at = skipString(text, at);
        continue;
      }
      if (c === "{" || c === "[") depth++;
      else if (c === "}" || c === "]") {
        depth--;
        if (depth === 0) return at + 1;
      }
      at++;
    }
  }
  // A number, true, false or null: runs to the next delimiter.
  let at = i;
  while (at < text.length && !",}] \t\n\r".includes(text.charAt(at))) at++;
  return at;
}
