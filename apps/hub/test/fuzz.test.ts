import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { playbacks } from "./support/events.js";
import { startTestHub, type TestHub } from "./support/hub.js";
import { TestClient } from "./support/ws-client.js";

setFlagsFromString("--expose-gc");
const collectGarbage = runInNewContext("gc") as () => void;

/** Weak references to the hub's connection objects, to tell whether any outlives its socket. */
class ConnectionRefs {
  private readonly refs: WeakRef<object>[] = [];
  private readonly seen = new WeakSet<object>();

  track(connections: Iterable<object>, except: object | undefined): void {
    for (const connection of connections) {
      if (connection === except || this.seen.has(connection)) continue;
      this.seen.add(connection);
      this.refs.push(new WeakRef(connection));
    }
  }

  get count(): number {
    return this.refs.length;
  }

  alive(): number {
    return this.refs.filter((ref) => ref.deref() !== undefined).length;
  }
}

/** A frame a hostile or broken client might send. */
type Frame = { text: string } | { binary: Uint8Array } | { invalidUtf8: Uint8Array };

const anyId = fc.oneof(fc.string({ maxLength: 200 }), fc.integer(), fc.double(), fc.constant(null));
const roomish = fc.oneof(
  fc.constantFrom("global", "dashboard:1", "a.b", "*", "", "x".repeat(65), "global\u0000"),
  fc.string({ maxLength: 80 }),
);
const sinceish = fc.oneof(
  fc.integer({ min: -5, max: 100_000 }),
  fc.double(),
  fc.string(),
  fc.constant(null),
);
const control = fc.oneof(
  fc.record(
    { type: fc.constant("ping"), id: anyId, data: fc.anything() },
    { requiredKeys: ["type"] },
  ),
  fc.record(
    {
      type: fc.constant("subscribe"),
      id: anyId,
      data: fc.record(
        {
          rooms: fc.oneof(fc.array(roomish, { maxLength: 120 }), fc.anything()),
          since: sinceish,
          epoch: fc.oneof(fc.string(), fc.anything()),
        },
        { requiredKeys: [] },
      ),
    },
    { requiredKeys: ["type"] },
  ),
  fc.record({
    type: fc.constant("unsubscribe"),
    id: anyId,
    data: fc.record({ rooms: fc.array(roomish, { maxLength: 20 }) }),
  }),
  fc.record({ type: fc.constant("refresh"), data: fc.record({ token: fc.string() }) }),
  fc.record({
    type: fc.constantFrom("playback", "welcome", "pong", "subscribed", "nope", "__proto__"),
    data: fc.anything(),
  }),
);
const frame: fc.Arbitrary<Frame> = fc.oneof(
  control.map((message) => ({ text: JSON.stringify(message) })),
  fc.json().map((text) => ({ text })),
  fc.string({ maxLength: 300 }).map((text) => ({ text })),
  fc.string({ unit: "binary", maxLength: 300 }).map((text) => ({ text })),
  fc.uint8Array({ maxLength: 300 }).map((binary) => ({ binary })),
  fc.constant({ invalidUtf8: Uint8Array.from([0x7b, 0xff, 0xfe, 0x7d]) }),
  fc.constant({ text: `{"type":"ping","data":"${"x".repeat(70_000)}"}` }),
  fc.constant({ text: "[".repeat(5_000) }),
);

describe("hostile input", () => {
  let hub: TestHub;
  let steady: TestClient;
  const published: number[] = [];

  beforeAll(async () => {
    // Limits high enough that frames reach the decoder instead of the rate limiter.
    hub = await startTestHub({
      HUB_RATE_LIMIT: "100000",
      HUB_RATE_BURST: "100000",
      HUB_MAX_CONNECTIONS_PER_IP: "1000",
    });
    steady = await TestClient.ready(`${hub.wsUrl}?rooms=global`);
  });
  afterAll(async () => {
    steady.close();
    await hub.close();
  });

  it("survives thousands of random frames; a well-behaved client gets every event in order; no fuzzer's connection is retained", async () => {
    const settle = () =>
      steady.until(() => (hub.app.hub.clients.size === 1 ? true : undefined), 30_000);
    published.push(...(await hub.publish(playbacks("global", 20))));
    await steady.waitForEvents(published.length);
    const baseRooms = hub.app.hub.roomCount;
    const steadyConnection = [...hub.app.hub.clients][0];
    // The hub's side of every fuzzer's connection, held weakly: once all are closed, a leak of
    // per-connection state (a map, a timer, a listener still holding one) keeps it alive.
    const fuzzed = new ConnectionRefs();

    let sent = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(frame, { minLength: 1, maxLength: 40 }),
        fc.boolean(),
        async (frames, abrupt) => {
          const fuzzer = await TestClient.connect(hub.wsUrl);
          fuzzed.track(hub.app.hub.clients, steadyConnection);
          for (const item of frames) {
            if (fuzzer.socket.readyState !== fuzzer.socket.OPEN) break;
            if ("text" in item) fuzzer.socket.send(item.text);
            else if ("binary" in item) fuzzer.socket.send(item.binary, { binary: true });
            else fuzzer.socket.send(item.invalidUtf8, { binary: false });
            sent++;
          }
          published.push(...(await hub.publish(playbacks("global", 2, published.length))));
          if (abrupt) fuzzer.socket.terminate();
          else fuzzer.close();
          await fuzzer.closed;
        },
      ),
      { numRuns: 500 },
    );
    expect(sent).toBeGreaterThan(2000);

    const events = await steady.waitForEvents(published.length, 30_000);
    expect(events.map((e) => e.seq)).toEqual(published);
    await settle();
    expect(hub.app.hub.subscriptionCount).toBe(1);
    expect(hub.app.hub.roomCount).toBe(baseRooms);

    expect(fuzzed.count).toBe(500);
    // Collected once nothing holds them; a closing handshake's timers may take a moment.
    await steady.until(() => {
      collectGarbage();
      return fuzzed.alive() === 0 ? true : undefined;
    }, 30_000);
  });
});
