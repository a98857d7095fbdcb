import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { jsonChildren, jsonMemberText } from "../../src/ingest/raw-json.js";

/** JSON text compact or indented (whitespace between every token), with leading space. */
function spaced(value: unknown, space: string): string {
  return `${space}${JSON.stringify(value, null, space.length > 0 ? space : undefined)}`;
}

describe("raw JSON children", () => {
  it("finds every member of an object and element of an array, whatever the values", () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.array(fc.jsonValue()), fc.dictionary(fc.string(), fc.jsonValue())),
        fc.constantFrom("", " ", "\t", "\n  "),
        (value, space) => {
          const text = spaced(value, space);
          const parsed = JSON.parse(text);
          const children = jsonChildren(text);
          const expected = Array.isArray(parsed) ? parsed : Object.values(parsed);
          expect(children.map((c) => JSON.parse(text.slice(c.start, c.end)))).toEqual(expected);
          if (!Array.isArray(parsed))
            expect(children.map((c) => c.key)).toEqual(Object.keys(parsed));
        },
      ),
      { numRuns: 300 },
    );
  });

  it("keeps the producer's spelling: number forms, escapes, key order", () => {
    const data = '{"b":1.0,"2":"x","a":1e3,"s":"\\u003c\\"}]\\\\","n":[{"[":"]"}]}';
    const text = `  {"room":"global","type":"stats_update","data": ${data} , "x":[1,2]}`;
    expect(jsonMemberText(text, "data")).toBe(data);
    expect(jsonMemberText(text, "x")).toBe("[1,2]");
    expect(jsonMemberText(text, "missing")).toBeUndefined();
  });

  it("takes the last of repeated keys, as JSON.parse does", () => {
    const text = '{"data":{"v":1},"data":{"v":2}}';
    expect(jsonMemberText(text, "data")).toBe('{"v":2}');
    expect(JSON.parse(text).data).toEqual({ v: 2 });
  });

  it("decodes escaped keys", () => {
    expect(jsonMemberText('{"d\\u0061ta":true}', "data")).toBe("true");
  });

  it("reads values nested far deeper than the call stack allows, without recursion", () => {
    const deep = `${"[".repeat(200_000)}${"]".repeat(200_000)}`;
    const text = `[${deep},7]`;
    const children = jsonChildren(text);
    expect(children.map((c) => text.slice(c.start, c.end))).toEqual([deep, "7"]);
  });

  it("finds children of an item that starts mid-text", () => {
    const text = '[{"data":1},{"data":{"k":"v"}}]';
    const [, second] = jsonChildren(text);
    expect(jsonMemberText(text, "data", second?.start)).toBe('{"k":"v"}');
  });
});
