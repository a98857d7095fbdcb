import { CloseCode, ErrorCode } from "@pulseboard/protocol";
import { afterEach, describe, expect, it } from "vitest";
import { MAX_PENDING_OPERATIONS } from "../src/defaults.js";
import { playbacks } from "./support/events.js";
import { startTestHub, type TestHub } from "./support/hub.js";
import { TestClient } from "./support/ws-client.js";

/**
 * Limits that count work, not messages: the per-connection operation queue, and the inbound
 * rate charged by the rooms a subscribe or unsubscribe touches.
 */

/** Sends the frames in one TCP write, so the hub reads them all before any of them is done. */
function sendTogether(client: TestClient, messages: unknown[]): void {
  const tcp = (client.socket as unknown as { _socket: import("node:net").Socket })._socket;
  tcp.cork();
  for (const message of messages) client.send(message);
  tcp.uncork();
}

describe("work-based limits", { timeout: 30_000 }, () => {
  let hub: TestHub;
  afterEach(async () => {
    await hub.close();
  });

  it("queues at most MAX_PENDING_OPERATIONS subscription changes; past that, rate_limited", async () => {
    // A message rate that lets all of them through: only the queue bound is tested here.
    hub = await startTestHub({ HUB_RATE_LIMIT: "1000", HUB_RATE_BURST: "1000" });
    const client = await TestClient.ready(hub.wsUrl);
    const count = MAX_PENDING_OPERATIONS + 24;
    sendTogether(
      client,
      Array.from({ length: count }, (_, i) => ({
        type: "subscribe",
        id: `s${i}`,
        data: { rooms: [`room${i}`] },
      })),
    );
    // Every one is answered once: subscribed, or dropped with rate_limited and its ref.
    const answers = await client.until(() => {
      const found = client.messages.filter(
        (m) => (m.type === "subscribed" || m.type === "error") && m.ref !== undefined,
      );
      return found.length >= count ? found : undefined;
    });
    expect(answers).toHaveLength(count);
    const accepted = answers.filter((m) => m.type === "subscribed").map((m) => m.ref);
    const dropped = answers.filter((m) => m.type === "error");
    for (const error of dropped) {
      expect(error).toMatchObject({ data: { code: ErrorCode.RATE_LIMITED } });
    }
    // The first ones were queued; the hub read the rest while they were still pending.
    expect(accepted.slice(0, MAX_PENDING_OPERATIONS)).toEqual(
      Array.from({ length: MAX_PENDING_OPERATIONS }, (_, i) => `s${i}`),
    );
    expect(dropped.length).toBeGreaterThan(0);
    expect(accepted.length + dropped.length).toBe(count);
    const [connection] = hub.connections();
    const rooms = connection?.rooms.filter((room) => room !== "global");
    expect(rooms?.sort()).toEqual(accepted.map((ref) => `room${String(ref).slice(1)}`).sort());

    // The connection stays open and works once its queue has drained.
    client.send({ type: "subscribe", id: "later", data: { rooms: ["later"] } });
    await client.waitFor((m) => m.type === "subscribed" && m.ref === "later");
    client.close();
  });

  it("charges subscribes by rooms: a storm of big ones gets rate_limited, then 4029; others go on", async () => {
    // A burst of 40 messages, refilled slowly enough that only the burst counts here.
    hub = await startTestHub({ HUB_RATE_LIMIT: "1", HUB_RATE_BURST: "40" });
    const bystander = await TestClient.ready(hub.wsUrl);
    const rooms = Array.from({ length: 99 }, (_, i) => `big${i}`);
    const bigBatch = (tag: string) =>
      Array.from({ length: 40 }, (_, i) => ({
        type: i % 2 === 0 ? "subscribe" : "unsubscribe",
        id: `${tag}${i}`,
        data: { rooms },
      }));
    const storm = await Promise.all([0, 1, 2, 3, 4].map(() => TestClient.ready(hub.wsUrl)));
    for (const client of storm) sendTogether(client, bigBatch("a"));

    // 40 messages fit the burst as messages, but at 10 tokens per 99 rooms only a few fit as
    // work: fewer get through than the operation queue alone would let through.
    for (const client of storm) {
      const answers = await client.until(() => {
        const found = client.messages.filter(
          (m) =>
            m.type === "subscribed" ||
            m.type === "unsubscribed" ||
            (m.type === "error" && m.data.code === ErrorCode.RATE_LIMITED),
        );
        return found.length >= 40 ? found : undefined;
      });
      const accepted = answers.filter((m) => m.type !== "error");
      expect(accepted.length).toBeGreaterThan(0);
      expect(accepted.length).toBeLessThan(MAX_PENDING_OPERATIONS);
    }

    // Kept up, it closes them with 4029.
    for (const client of storm) sendTogether(client, bigBatch("b"));
    const seqs = await hub.publish(playbacks("global", 3));
    for (const client of storm) expect((await client.closed).code).toBe(CloseCode.RATE_LIMITED);

    // The bystander got every event, answers pings, and was never limited.
    expect((await bystander.waitForEvents(3)).map((event) => event.seq)).toEqual(seqs);
    bystander.send({ type: "ping", id: "still" });
    await bystander.waitFor((m) => m.type === "pong" && m.ref === "still");
    expect(bystander.ofType("error")).toEqual([]);
    bystander.close();
  });
});
