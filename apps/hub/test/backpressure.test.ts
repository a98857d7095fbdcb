import type { Socket } from "node:net";
import { setImmediate as nextTurn } from "node:timers/promises";
import { CloseCode } from "@pulseboard/protocol";
import { afterEach, describe, expect, it } from "vitest";
import type { Client } from "../src/client.js";
import { SOCKET_HIGH_WATER_BYTES } from "../src/defaults.js";
import { rawSocketOf } from "../src/delivery/raw-socket.js";
import { playback, stats } from "./support/events.js";
import { startTestHub, type TestHub } from "./support/hub.js";
import { TestClient } from "./support/ws-client.js";

const PADDING = "x".repeat(16 * 1024);

/** Stops reading from the socket, as a frozen tab or an overloaded consumer would. */
function stopReading(client: TestClient): Socket {
  const socket = (client.socket as unknown as { _socket: Socket })._socket;
  socket.pause();
  return socket;
}

function serverSide(hub: TestHub, client: TestClient): Client {
  const id = client.ofType("welcome")[0]?.data.connection_id;
  const found = [...hub.app.hub.clients].find((c) => c.id === id);
  if (found === undefined) throw new Error("connection not found on the hub");
  return found;
}

/** Publishes large events until the hub has to hold frames back for this connection. */
async function fillSocketBuffers(hub: TestHub, connection: Client): Promise<number> {
  let published = 0;
  while (connection.socket.bufferedAmount < SOCKET_HIGH_WATER_BYTES) {
    if (published > 20_000) throw new Error("socket never backed up");
    await hub.publish([playback("global", published++, { padding: PADDING })]);
    await nextTurn();
  }
  return published;
}

describe("slow consumers", () => {
  let hub: TestHub;
  afterEach(async () => {
    await hub.close();
  });

  it("closes a consumer that stops reading with 4008 while a fast one gets everything", async () => {
    hub = await startTestHub({ HUB_QUEUE_SIZE: "32", HUB_QUEUE_BYTES: "262144" });
    const fast = await TestClient.ready(hub.wsUrl);
    const slow = await TestClient.ready(hub.wsUrl);
    const slowSocket = stopReading(slow);
    const connection = serverSide(hub, slow);

    const seqs: number[] = [];
    for (let i = 0; connection.isOpen; i++) {
      if (i > 20_000) throw new Error("slow consumer was never closed");
      seqs.push(...(await hub.publish([playback("global", i, { padding: PADDING })])));
      await nextTurn();
    }
    expect(hub.app.hub.stats.slowConsumerCloses).toBe(1);
    // Reading again, the slow client finds the close frame behind what it had buffered.
    slowSocket.resume();
    expect((await slow.closed).code).toBe(CloseCode.SLOW_CONSUMER);
    const received = slow.events().map((e) => e.seq);
    expect(received).toEqual(seqs.slice(0, received.length));

    const more = await hub.publish([playback("global", -1)]);
    const events = await fast.waitForEvents(seqs.length + 1);
    expect(events.map((e) => e.seq)).toEqual([...seqs, ...more]);
    fast.close();

    // Resuming as the close reason asks: exactly what the dropped backlog held, and what came
    // since, each once and in order.
    const since = received.at(-1) ?? 0;
    const resumed = await TestClient.ready(`${hub.wsUrl}?since=${since}`);
    const all = [...seqs, ...more];
    const missed = all.slice(received.length);
    expect(missed.length).toBeGreaterThan(0);
    await resumed.waitForEvents(missed.length);
    expect([...received, ...resumed.events().map((e) => e.seq)]).toEqual(all);
    resumed.close();
  });

  it("listens for drain only once a connection's socket backs up, then delivers everything", async () => {
    hub = await startTestHub({ HUB_QUEUE_SIZE: "256", HUB_QUEUE_BYTES: "16777216" });
    const idle = await TestClient.ready(hub.wsUrl);
    const slow = await TestClient.ready(hub.wsUrl);
    const idleRaw = rawSocketOf(serverSide(hub, idle).socket);
    const connection = serverSide(hub, slow);
    const raw = rawSocketOf(connection.socket);
    const before = raw.listenerCount("drain");
    expect(idleRaw.listenerCount("drain")).toBe(before);

    const slowSocket = stopReading(slow);
    const filler = await fillSocketBuffers(hub, connection);
    const queued = await hub.publish([playback("global", -1)]);
    expect(raw.listenerCount("drain")).toBe(before + 1);
    // An idle connection, however long it lives, never pays for the listener.
    expect(idleRaw.listenerCount("drain")).toBe(before);

    slowSocket.resume();
    await slow.waitFor((m) => "seq" in m && m.seq === queued[0]);
    expect(slow.events()).toHaveLength(filler + 1);
    idle.close();
    slow.close();
  });

  it("coalesces queued stats updates instead of closing the consumer", async () => {
    hub = await startTestHub({ HUB_QUEUE_SIZE: "32", HUB_QUEUE_BYTES: "4194304" });
    const slow = await TestClient.ready(hub.wsUrl);
    const slowSocket = stopReading(slow);
    const connection = serverSide(hub, slow);
    const filler = await fillSocketBuffers(hub, connection);

    // 500 updates into a 32-frame queue: only coalescing keeps this connection open.
    for (let total = 1; total <= 500; total++) await hub.publish([stats("global", total)]);
    const closing = await hub.publish([playback("global", 9999)]);
    expect(connection.isOpen).toBe(true);
    expect(hub.app.hub.stats.coalesced).toBeGreaterThanOrEqual(500 - 32);

    slowSocket.resume();
    const last = await slow.waitFor((m) => "seq" in m && m.seq === closing[0]);
    expect(last.type).toBe("playback");
    expect(slow.events().filter((e) => e.type === "playback")).toHaveLength(filler + 1);
    const statsSeen = slow.events().filter((e) => e.type === "stats_update");
    expect(statsSeen.length).toBeLessThan(500);
    expect(statsSeen.at(-1)?.data).toMatchObject({ total_count: 500 });
    // Still strictly increasing: coalescing never reorders.
    const seqs = slow.events().map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(slow.socket.readyState).toBe(slow.socket.OPEN);
    slow.close();
  });

  it("keeps frames queued before a subscribe ahead of its catch-up, and later ones after", async () => {
    hub = await startTestHub({ HUB_QUEUE_SIZE: "256", HUB_QUEUE_BYTES: "16777216" });
    await hub.publish([stats("b", 1)]);
    const client = await TestClient.ready(hub.wsUrl);
    const socket = stopReading(client);
    const connection = serverSide(hub, client);
    await fillSocketBuffers(hub, connection);
    const queuedBefore = await hub.publish([playback("global", -1), playback("global", -2)]);

    client.send({ type: "subscribe", id: "b", data: { rooms: ["b"] } });
    await client.until(() => (connection.rooms.has("b") ? true : undefined));
    const after = await hub.publish([playback("global", -3), stats("b", 2)]);
    socket.resume();

    const subscribed = await client.waitFor((m) => m.type === "subscribed" && m.ref === "b");
    const lastSeq = after.at(-1) ?? 0;
    await client.waitFor((m) => "seq" in m && m.seq === lastSeq);
    const at = client.messages.indexOf(subscribed);
    const boundary = subscribed.type === "subscribed" ? subscribed.data.seq : -1;
    const before = client.messages.slice(0, at).filter((m) => "seq" in m && "room" in m);
    const later = client.messages.slice(at + 1).filter((m) => "seq" in m && "room" in m);
    expect(before.map((m) => ("seq" in m ? m.seq : 0))).toEqual(
      expect.arrayContaining(queuedBefore),
    );
    expect(before.every((m) => "seq" in m && m.seq <= boundary)).toBe(true);
    expect(later.map((m) => ("seq" in m ? m.seq : 0))).toEqual(after);
    const globalSeqs = client.events("global").map((e) => e.seq);
    expect(globalSeqs).toEqual([...globalSeqs].sort((a, b) => a - b));
    client.close();
  });
});
