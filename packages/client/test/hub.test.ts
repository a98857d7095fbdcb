import { setImmediate as nextTurn } from "node:timers/promises";
import { CloseCode, type ResetReason, type ServerEvent } from "@pulseboard/protocol";
import { startTestHubProcess, type TestHubProcess, waitFor } from "@pulseboard/testkit";
import { afterEach, describe, expect, it } from "vitest";
import { createPulseClient, type PulseClient } from "../src/client.js";
import { type Connection, createConnection } from "../src/connection.js";
import type { ConnectionState } from "../src/connection-state.js";
import { playbackData, publishPlaybacks, publishStats, syncData } from "./support/events.js";
import { recordingWebSocket, stopReading } from "./support/recording-ws.js";

/** Against a real hub in this process: no fakes between the client and the server. */

const hubs: TestHubProcess[] = [];
const closers: (() => void)[] = [];

afterEach(async () => {
  for (const close of closers.splice(0)) close();
  await Promise.all(hubs.splice(0).map((hub) => hub.close()));
});

async function hub(env: Record<string, string> = {}): Promise<TestHubProcess> {
  const started = await startTestHubProcess(env);
  hubs.push(started);
  return started;
}

/** A connection that records every event it hands on, every reset and every state. */
function watch(url: string, rooms: string[]) {
  const dial = recordingWebSocket();
  const events: ServerEvent[] = [];
  const resets: { rooms: readonly string[]; reason: ResetReason }[] = [];
  const states: ConnectionState[] = [];
  const connection: Connection = createConnection({
    url,
    rooms,
    WebSocket: dial.WebSocket,
    listener: {
      onEvent: (event) => events.push(event),
      onReset: (resetRooms, reason) => resets.push({ rooms: resetRooms, reason }),
    },
  });
  connection.subscribe((state) => states.push(state));
  closers.push(() => connection.close());
  const seqs = () => events.map((event) => event.seq);
  return { connection, events, resets, states, seqs, urls: dial.urls, sockets: dial.sockets };
}

/** Large events fill socket buffers in a few hundred events rather than thousands. */
const PADDING = "x".repeat(16 * 1024);

function expectEachOnce(seen: number[], published: number[]) {
  expect([...seen].sort((a, b) => a - b)).toEqual([...published].sort((a, b) => a - b));
}

describe("against a real hub", () => {
  it("receives the snapshot and live events into the store", async () => {
    const server = await hub();
    await server.publish([publishStats("global", 10), ...publishPlaybacks("global", 2)]);
    const dial = recordingWebSocket();
    const client: PulseClient = createPulseClient({
      url: server.wsUrl,
      rooms: ["global"],
      WebSocket: dial.WebSocket,
    });
    closers.push(() => client.close());
    // Snapshot: the latest stats, not the playbacks that came before the connection.
    await waitFor(() => client.store.getState().rooms.global?.stats, { what: "snapshot stats" });
    expect(client.store.getState().connection.status).toBe("open");
    expect(dial.urls[0]?.searchParams.get("since")).toBeNull();

    await server.publish(publishPlaybacks("global", 5, 100));
    const room = await waitFor(
      () => {
        const current = client.store.getState().rooms.global;
        return current !== undefined && current.playbacks.length === 5 && current;
      },
      { what: "five live playbacks" },
    );
    expect(room.playbacks.map((p) => p.data.id)).toEqual([
      "p-104",
      "p-103",
      "p-102",
      "p-101",
      "p-100",
    ]);
    await waitFor(() => client.store.getState().latency.roundTripMs !== undefined, {
      what: "a ping round trip",
    });
  });

  it("(a) after a dropped link resumes with since and gets exactly the missed events", async () => {
    const server = await hub();
    const client = watch(server.wsUrl, ["global", "other"]);
    await waitFor(() => client.connection.getState().status === "open", { what: "open" });
    await waitFor(() => client.connection.getResumePoint(), { what: "catch-up done" });
    const published = await server.publish([
      ...publishPlaybacks("global", 3),
      ...publishPlaybacks("other", 2, 10),
    ]);
    await waitFor(() => client.events.length === 5, { what: "first five events" });
    const lastBeforeDrop = Math.max(...client.seqs());

    await server.dropConnections();
    published.push(
      ...(await server.publish([
        ...publishPlaybacks("global", 20, 20),
        ...publishPlaybacks("other", 20, 40),
      ])),
    );
    await waitFor(() => client.urls.length >= 2, { what: "a reconnect" });
    published.push(...(await server.publish(publishPlaybacks("global", 5, 60))));
    await waitFor(() => client.events.length >= published.length, { what: "every event" });

    expect(client.states.some((s) => s.status === "reconnecting")).toBe(true);
    const resumedFrom = client.urls[1]?.searchParams;
    expect(resumedFrom?.get("since")).toBe(String(lastBeforeDrop));
    expect(resumedFrom?.get("epoch")).toBe((await server.state()).epoch);
    expect(resumedFrom?.get("rooms")).toBe("global,other");
    expectEachOnce(client.seqs(), published);
    expect(client.resets).toEqual([]);
    expect((await server.state()).replayedEvents).toBeGreaterThan(0);
  });

  it("(b) after a hub restart (new epoch) drops the room's state and takes the snapshot", async () => {
    const first = await hub({ HUB_RECONNECT_SPREAD_MS: "500" });
    const dial = recordingWebSocket();
    const resets: ResetReason[] = [];
    const client = createPulseClient({
      url: first.wsUrl,
      rooms: ["global"],
      WebSocket: dial.WebSocket,
      listener: { onReset: (_rooms, reason) => resets.push(reason) },
    });
    closers.push(() => client.close());
    const room = () => client.store.getState().rooms.global;
    await waitFor(() => client.connection.getResumePoint(), { what: "catch-up done" });
    await first.publish([
      ...publishPlaybacks("global", 30),
      publishStats("global", 30),
      { room: "global", type: "sync_progress", data: syncData("old-sync", "running") },
    ]);
    await waitFor(() => room()?.playbacks.length === 30 && room()?.stats, { what: "old state" });
    const oldEpoch = (await first.state()).epoch;

    await first.close();
    hubs.splice(hubs.indexOf(first), 1);
    const second = await hub({ HUB_PORT: String(first.port) });
    await second.publish([
      publishStats("global", 777),
      { room: "global", type: "sync_progress", data: syncData("new-sync", "running", 0.25) },
    ]);

    await waitFor(() => room()?.stats?.data.total_count === 777 && room()?.syncs["new-sync"], {
      what: "the new hub's snapshot",
    });
    expect(resets).toContain("epoch");
    expect((await second.state()).resets.epoch).toBeGreaterThan(0);
    expect(room()?.playbacks).toEqual([]);
    expect(room()?.syncs["old-sync"]).toBeUndefined();
    const lastUrl = dial.urls.at(-1)?.searchParams;
    expect(lastUrl?.get("epoch")).toBe(oldEpoch);
    expect(client.connection.getResumePoint()?.epoch).toBe((await second.state()).epoch);
    expect(client.store.getState().connection.status).toBe("open");

    // Live events of the new epoch have lower seqs than the old ones: still delivered.
    await second.publish(publishPlaybacks("global", 2, 500));
    await waitFor(() => room()?.playbacks.length === 2, { what: "live events after the restart" });
  });

  it("(c) a real slow consumer: its backlog is dropped, and it resumes with every event once, in order", async () => {
    const server = await hub({ HUB_QUEUE_SIZE: "32", HUB_QUEUE_BYTES: "262144" });
    const client = watch(server.wsUrl, ["global"]);
    await waitFor(() => client.connection.getResumePoint(), { what: "catch-up done" });
    const published = await server.publish(publishPlaybacks("global", 5));
    await waitFor(() => client.events.length === 5, { what: "first events" });

    // The client stops reading; large events fill the kernel's buffers, then the hub's queue,
    // until the hub gives up on it (4008, then terminates it if the close cannot be sent).
    const first = client.sockets[0];
    if (first === undefined) throw new Error("no socket");
    const paused = stopReading(first);
    for (let i = 0; (await server.connections())[0]?.open === true; i++) {
      if (i > 20_000) throw new Error("the hub never closed the slow consumer");
      const padded = {
        room: "global",
        type: "playback" as const,
        data: playbackData(100 + i, { padding: PADDING }),
      };
      published.push(...(await server.publish([padded])));
      await nextTurn();
    }
    expect((await server.state()).slowConsumerCloses).toBe(1);
    await waitFor(async () => (await server.connections()).length === 0, {
      what: "the hub dropped the socket",
    });
    published.push(...(await server.publish(publishPlaybacks("global", 5, 10))));

    // Reading again, the client gets what the kernel still held, sees the socket end and
    // reconnects with `since`: the hub replays what it dropped and what came meanwhile.
    paused.resume();
    await waitFor(() => client.urls.length >= 2, { what: "a reconnect" });
    published.push(...(await server.publish(publishPlaybacks("global", 5, 20))));
    const last = published.at(-1);
    await waitFor(() => client.seqs().includes(last ?? -1), { what: "the last event" });

    expect(client.seqs()).toEqual(published);
    const closed = client.states.find((state) => state.status === "reconnecting");
    expect([CloseCode.SLOW_CONSUMER, 1006]).toContain(
      closed?.status === "reconnecting" ? closed.lastClose?.code : undefined,
    );
    const since = Number(client.urls[1]?.searchParams.get("since"));
    expect(published).toContain(since);
    // Something was lost with the socket and had to be replayed, or this proves nothing.
    expect(since).toBeLessThan(published.at(-11) ?? 0);
    expect((await server.state()).replayedEvents).toBeGreaterThan(10);
    expect(client.resets).toEqual([]);
  });
});
