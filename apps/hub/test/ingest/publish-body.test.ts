import { MAX_EVENT_DATA_BYTES, MAX_EVENT_DATA_DEPTH } from "@pulseboard/protocol";
import { upstreamFixtures } from "@pulseboard/protocol/fixtures";
import { describe, expect, it } from "vitest";
import { readPublishBody } from "../../src/ingest/publish-body.js";

function events(text: string, header?: string) {
  const read = readPublishBody(text, header);
  if (!read.ok) throw new Error(`refused: ${JSON.stringify(read.error)}`);
  return read.events;
}

function refusal(text: string, header?: string | string[]) {
  const read = readPublishBody(text, header);
  if (read.ok) throw new Error("accepted");
  return read.error;
}

describe("publish body", () => {
  it("keeps each item's data text exactly as sent", () => {
    const data = '{"timestamp":"2026-11-30T21:14:03Z","2":"integer-like key","total_count":1.0E2}';
    const body = `[{"room":"global","type":"stats_update","data":${data}},{"room":"r","type":"sync_completed","data":{}}]`;
    const [first, second] = events(body);
    expect(first?.dataJson).toBe(data);
    // JSON.parse alone would have moved "2" first and respelled 1.0E2 as 100.
    expect(JSON.stringify(first?.data)).not.toBe(data);
    expect(second?.dataJson).toBe("{}");
  });

  it("accepts every upstream shape and keeps its bytes", () => {
    for (const fixture of upstreamFixtures) {
      const body = `{"room":"global","type":"${fixture.type}","data":${fixture.body}}`;
      expect(events(body)[0]?.dataJson).toBe(fixture.body);
    }
  });

  it("gives items the Idempotency-Key header, per index in a batch", () => {
    const item = '{"room":"global","type":"sync_completed","data":{}}';
    expect(events(item, "retry-7")[0]?.idempotency_key).toBe("retry-7");
    const keyed = '{"room":"global","type":"sync_completed","data":{},"idempotency_key":"own"}';
    const batch = events(`[${item},${keyed}]`, "req-1");
    expect(batch.map((e) => e.idempotency_key)).toEqual(["req-1:0", "own"]);
    expect(events(item)[0]?.idempotency_key).toBeUndefined();
  });

  it.each([["with space"], [""], ["x".repeat(257)], [["a", "b"]]])(
    "refuses the Idempotency-Key %j",
    (header) => {
      expect(refusal('{"room":"global","type":"sync_completed","data":{}}', header).error).toBe(
        "bad_idempotency_key",
      );
    },
  );

  it("refuses an item's bad idempotency_key, naming its index", () => {
    const body = `[{"room":"g","type":"sync_completed","data":{}},{"room":"g","type":"sync_completed","data":{},"idempotency_key":"a b"}]`;
    expect(refusal(body)).toMatchObject({ error: "invalid_event", index: 1 });
  });

  it("refuses data over the size limit and too deep, as invalid events", () => {
    const big = `{"room":"g","type":"sync_completed","data":{"pad":"${"x".repeat(MAX_EVENT_DATA_BYTES)}"}}`;
    expect(refusal(big)).toMatchObject({ error: "invalid_event", index: 0 });
    const levels = MAX_EVENT_DATA_DEPTH + 5;
    const deep = `{"room":"g","type":"sync_completed","data":{"x":${"[".repeat(levels)}${"]".repeat(levels)}}}`;
    expect(refusal(deep).message).toContain("deeper than");
  });

  it.each([10_000, 1_000_000])(
    "answers JSON nested %d levels deep with a 400 refusal, not a crash",
    (levels) => {
      const nested = `${"[".repeat(levels)}${"]".repeat(levels)}`;
      expect(
        refusal(`{"room":"g","type":"sync_completed","data":{"x":${nested}}}`).message,
      ).toContain("deeper than");
      expect(refusal(nested)).toMatchObject({ error: "invalid_event", index: 0 });
    },
  );

  it("refuses text that is not JSON", () => {
    expect(refusal("{nope").error).toBe("bad_json");
  });
});
