import { CloseCode, type ResetReason, type ServerEvent } from "@pulseboard/protocol";
import { afterEach, describe, expect, it } from "vitest";
import { createPulseClient, type PulseClient } from "../src/client.js";
import { type Connection, createConnection } from "../src/connection.js";
import type { ConnectionState } from "../src/connection-state.js";
import { publishPlaybacks, publishStats, syncData } from "./support/events.js";
import { type RunningHub, startHub } from "./support/hub.js";
import { recordingWebSocket } from "./support/recording-ws.js";
import { waitFor } from "./support/wait.js";

/** Against a real hub in this process: no fakes between the client and the server. */

const hubs: RunningHub[] = [];
const closers: (() => void)[] = [];

afterEach(async () => {
  for (const close of closers.splice(0)) close();
  await Promise.all(hubs.splice(0).map((hub) => hub.shutdown()));
});

async function hub(env: Record<string, string> = {}): Promise<RunningHub> {
  const started = await startHub(env);
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
  return { connection, events, resets, states, seqs, urls: dial.urls };
}

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

    server.dropConnections();
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
    expect(resumedFrom?.get("epoch")).toBe(server.app.broker.epoch);
    expect(resumedFrom?.get("rooms")).toBe("global,other");
    expectEachOnce(client.seqs(), published);
    expect(client.resets).toEqual([]);
    expect(server.app.hub.replayStats.replayedEvents).toBeGreaterThan(0);
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
    const oldEpoch = first.app.broker.epoch;

    await first.shutdown();
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
    expect(second.app.hub.replayStats.resets.epoch).toBeGreaterThan(0);
    expect(room()?.playbacks).toEqual([]);
    expect(room()?.syncs["old-sync"]).toBeUndefined();
    const lastUrl = dial.urls.at(-1)?.searchParams;
    expect(lastUrl?.get("epoch")).toBe(oldEpoch);
    expect(client.connection.getResumePoint()?.epoch).toBe(second.app.broker.epoch);
    expect(client.store.getState().connection.status).toBe("open");

    // Live events of the new epoch have lower seqs than the old ones: still delivered.
    await second.publish(publishPlaybacks("global", 2, 500));
    await waitFor(() => room()?.playbacks.length === 2, { what: "live events after the restart" });
  });

  it("(c) after a 4008 (slow consumer) close resumes without loss", async () => {
    const server = await hub();
    const client = watch(server.wsUrl, ["global"]);
    await waitFor(() => client.connection.getResumePoint(), { what: "catch-up done" });
    const published = await server.publish(publishPlaybacks("global", 10));
    await waitFor(() => client.events.length === 10, { what: "first events" });

    server.closeConnections(CloseCode.SLOW_CONSUMER, "slow consumer: resume with since");
    published.push(...(await server.publish(publishPlaybacks("global", 50, 10))));
    await waitFor(() => client.urls.length >= 2, { what: "a reconnect" });
    published.push(...(await server.publish(publishPlaybacks("global", 5, 60))));
    await waitFor(() => client.events.length >= published.length, { what: "every event" });

    expect(client.states).toContainEqual(
      expect.objectContaining({
        status: "reconnecting",
        lastClose: expect.objectContaining({ code: CloseCode.SLOW_CONSUMER }),
      }),
    );
    expect(client.urls[1]?.searchParams.get("since")).toBe(String(published[9]));
    expectEachOnce(client.seqs(), published);
    expect(server.app.hub.replayStats.replayedEvents).toBeGreaterThan(0);
  });
});
