import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rawSocketOf } from "../../src/delivery/raw-socket.js";
import { textFrame } from "../../src/delivery/ws-frame.js";
import { playback } from "../support/events.js";
import { startTestHub, type TestHub } from "../support/hub.js";
import { TestClient } from "../support/ws-client.js";

describe("textFrame", () => {
  it.each([
    [0, [0x81, 0]],
    [125, [0x81, 125]],
    [126, [0x81, 126, 0, 126]],
    [65_535, [0x81, 126, 0xff, 0xff]],
    [65_536, [0x81, 127, 0, 0, 0, 0, 0, 1, 0, 0]],
  ])("frames %i bytes of text with the RFC 6455 length encoding", (length, header) => {
    const frame = textFrame("a".repeat(length));
    expect([...frame.subarray(0, header.length)]).toEqual(header);
    expect(frame.length).toBe(header.length + length);
    expect(frame.subarray(header.length).toString()).toBe("a".repeat(length));
  });

  it("counts multi-byte characters in bytes, not string length", () => {
    const frame = textFrame("é€😀");
    expect(frame[1]).toBe(2 + 3 + 4);
    expect(frame.subarray(2).toString("utf8")).toBe("é€😀");
  });
});

describe("pre-built frames on the wire", () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub();
  });
  afterAll(async () => {
    await hub.close();
  });

  it("reach a real client intact at every length encoding, in order", async () => {
    const client = await TestClient.ready(hub.wsUrl);
    const sizes = [10, 200, 70_000, 300_000];
    const seqs = await hub.publish(
      sizes.map((size, i) => playback("global", i, { padding: "é".repeat(size) })),
    );
    const events = await client.waitForEvents(sizes.length);
    expect(events.map((e) => e.seq)).toEqual(seqs);
    events.forEach((event, i) => {
      expect((event.data as unknown as { padding: string }).padding).toHaveLength(sizes[i] ?? 0);
    });
    client.close();
  });

  it("serves a client that offers permessage-deflate without it (the direct write path needs none)", async () => {
    const client = await TestClient.ready(hub.wsUrl, { perMessageDeflate: true });
    expect(client.socket.extensions).toBe("");
    const [seq] = await hub.publish([playback("global", 1)]);
    const [event] = await client.waitForEvents(1);
    expect(event?.seq).toBe(seq);
    client.close();
  });
});

describe("rawSocketOf", () => {
  it("refuses a connection that negotiated an extension", () => {
    const socket = { extensions: "permessage-deflate", _socket: { write() {} } };
    expect(() => rawSocketOf(socket as never)).toThrow(/extension negotiated/);
  });
});
