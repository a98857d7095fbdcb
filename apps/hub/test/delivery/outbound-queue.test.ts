import { describe, expect, it } from "vitest";
import { OutboundQueue } from "../../src/delivery/outbound-queue.js";

const frame = (text: string) => Buffer.from(text);
const drain = (queue: OutboundQueue) => {
  const out: string[] = [];
  for (let next = queue.shift(); next !== undefined; next = queue.shift())
    out.push(next.toString());
  return out;
};

describe("OutboundQueue", () => {
  it("keeps frames in order and counts frames and bytes", () => {
    const queue = new OutboundQueue();
    queue.push(frame("a"));
    queue.push(frame("bb"));
    expect(queue.length).toBe(2);
    expect(queue.bytes).toBe(3);
    expect(drain(queue)).toEqual(["a", "bb"]);
    expect(queue.length).toBe(0);
    expect(queue.bytes).toBe(0);
  });

  it("replaces a queued frame with the same key, moving the value to the end", () => {
    const queue = new OutboundQueue();
    expect(queue.push(frame("stats1"), "r\0stats")).toBe(0);
    queue.push(frame("play1"));
    expect(queue.push(frame("stats2"), "r\0stats")).toBe(1);
    queue.push(frame("sync-a1"), "r\0sync:a");
    queue.push(frame("sync-b1"), "r\0sync:b");
    expect(queue.push(frame("sync-a2"), "r\0sync:a")).toBe(1);
    expect(queue.length).toBe(4);
    expect(queue.bytes).toBe("play1stats2sync-b1sync-a2".length);
    expect(drain(queue)).toEqual(["play1", "stats2", "sync-b1", "sync-a2"]);
  });

  it("coalesces again after the previous value was sent", () => {
    const queue = new OutboundQueue();
    queue.push(frame("s1"), "k");
    expect(queue.shift()?.toString()).toBe("s1");
    expect(queue.push(frame("s2"), "k")).toBe(0);
    expect(queue.push(frame("s3"), "k")).toBe(1);
    expect(drain(queue)).toEqual(["s3"]);
  });

  it("stays small under endless coalescing", () => {
    const queue = new OutboundQueue();
    for (let i = 0; i < 100_000; i++) queue.push(frame(`s${i}`), "k");
    expect(queue.length).toBe(1);
    expect(drain(queue)).toEqual(["s99999"]);
    // Internal storage must not keep 100k tombstones alive.
    expect((queue as unknown as { entries: unknown[] }).entries.length).toBeLessThan(1000);
  });

  it("clears everything", () => {
    const queue = new OutboundQueue();
    queue.push(frame("a"), "k");
    queue.push(frame("b"));
    queue.clear();
    expect(queue.length).toBe(0);
    expect(queue.bytes).toBe(0);
    expect(queue.shift()).toBeUndefined();
    expect(queue.push(frame("c"), "k")).toBe(0);
  });
});
