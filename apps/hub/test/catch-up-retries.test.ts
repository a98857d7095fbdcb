import { CloseCode } from "@pulseboard/protocol";
import { describe, expect, it } from "vitest";
import type { BrokerEvent, ReplayRequest } from "../src/broker/broker.js";
import type { TestHub } from "../src/testing.js";
import { playback } from "./support/broker-events.js";
import { natsHubPerTest } from "./support/nats-hub.js";
import type { TestClient } from "./support/ws-client.js";

/**
 * A catch-up read that fails for a broker reason (a JetStream request timeout, a consumer the
 * server lost) is retried, resuming after the last event sent; only when the retries are spent
 * is the client closed, with 1013 and a `retry_ms` hint rather than 1011.
 */
describe("catch-up retries on the NATS engine", { timeout: 60_000 }, () => {
  const fixture = natsHubPerTest();
  let hub: TestHub;

  /** The hub's real replay, made to fail `failures` times after yielding `before` events. */
  function failingReplay(failures: number, before: number) {
    const broker = hub.app.broker;
    const replay = broker.replay.bind(broker);
    const calls: ReplayRequest[] = [];
    broker.replay = async function* (request: ReplayRequest): AsyncGenerator<BrokerEvent> {
      calls.push(request);
      let yielded = 0;
      for await (const event of replay(request)) {
        if (calls.length <= failures && yielded === before) {
          throw new Error("TIMEOUT: JetStream request timed out (injected)");
        }
        yielded++;
        yield event;
      }
    };
    return calls;
  }

  async function resume(seqs: number[]): Promise<TestClient> {
    const since = seqs[0] ?? 0;
    const epoch = hub.app.broker.epoch;
    return fixture.connect(`${hub.wsUrl}?rooms=r&since=${since}&epoch=${epoch}`);
  }

  it("retries a replay that failed halfway from the last event it sent: no gap, no duplicate", async () => {
    hub = await fixture.start({ HUB_RECENT_EVENTS: "0" });
    const seqs = await hub.publish(Array.from({ length: 8 }, (_, i) => playback("r", `p${i}`)));
    const calls = failingReplay(2, 3);
    const client = await resume(seqs);
    await client.waitFor((m) => m.type === "subscribed");
    expect(client.events().map((e) => e.seq)).toEqual(seqs.slice(1));
    expect(client.ofType("reset")).toEqual([]);
    // Three reads: the first two failed after 3 events each, each retry resumed after them.
    expect(calls.map((c) => c.afterSeq)).toEqual([seqs[0], seqs[3], seqs[6]]);
    expect(hub.app.hub.replayStats.retries).toBe(2);
    const live = await hub.publish([playback("r", "live")]);
    expect((await client.waitForEvents(8)).at(-1)?.seq).toBe(live[0]);
  });

  it("closes with 1013 and retry_ms, not 1011, once the retries are spent", async () => {
    hub = await fixture.start({ HUB_RECENT_EVENTS: "0" });
    const seqs = await hub.publish(Array.from({ length: 4 }, (_, i) => playback("r", `p${i}`)));
    const calls = failingReplay(Number.POSITIVE_INFINITY, 0);
    const client = await resume(seqs);
    const closed = await client.closed;
    expect(closed.code).toBe(CloseCode.TRY_AGAIN_LATER);
    expect(JSON.parse(closed.reason)).toEqual({ retry_ms: expect.any(Number) });
    // The first read and CATCH_UP_RETRIES retries, all from the same point (nothing was sent).
    expect(calls.map((c) => c.afterSeq)).toEqual([seqs[0], seqs[0], seqs[0], seqs[0]]);
    expect(client.events()).toEqual([]);
  });
});
