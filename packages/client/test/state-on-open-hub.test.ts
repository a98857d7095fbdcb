import {
  decodeRoomStateResponse,
  type RoomStateResponse,
  type ServerEvent,
} from "@pulseboard/protocol";
import { startTestHubProcess, type TestHubProcess, waitFor } from "@pulseboard/testkit";
import { afterEach, describe, expect, it } from "vitest";
import { createPulseClient, type PulseClient } from "../src/client.js";
import { connectStore } from "../src/connect-store.js";
import { createConnection } from "../src/connection.js";
import { hydrateRoom } from "../src/hydrate.js";
import { loadOlderEvents } from "../src/older-events.js";
import { createPulseStore, type PulseStore } from "../src/store.js";
import { alertData, publishPlaybacks, publishStats } from "./support/events.js";
import { recordingWebSocket } from "./support/recording-ws.js";
import { TestBrowser } from "./support/shared-tabs.js";

/** State on open (protocol 1.1) against a real hub in this process. */

const hubs: TestHubProcess[] = [];
const closers: (() => void)[] = [];

afterEach(async () => {
  for (const close of closers.splice(0)) close();
  await Promise.all(hubs.splice(0).map((hub) => hub.close()));
});

async function hub(): Promise<TestHubProcess> {
  const started = await startTestHubProcess();
  hubs.push(started);
  return started;
}

function client(
  server: TestHubProcess,
  room: string,
  options: { history?: number } = {},
): PulseClient {
  const created = createPulseClient({
    url: server.wsUrl,
    rooms: [room],
    WebSocket: recordingWebSocket().WebSocket,
    ...options,
  });
  closers.push(() => created.close());
  return created;
}

async function roomState(
  server: TestHubProcess,
  room: string,
  history: number,
): Promise<RoomStateResponse> {
  const response = await fetch(`${server.url}/api/v1/rooms/${room}/state?history=${history}`);
  expect(response.status).toBe(200);
  const decoded = decodeRoomStateResponse(await response.json());
  if (!decoded.ok) throw new Error(decoded.error.message);
  return decoded.value;
}

const ids = (store: PulseStore, room: string) =>
  (store.getState().rooms[room]?.playbacks ?? []).map((p) => String(p.data.id));

describe("history on connect", () => {
  it("opens the room with its last N events and its snapshot", async () => {
    const server = await hub();
    await server.publish([publishStats("h", 5), ...publishPlaybacks("h", 30)]);
    const viewer = client(server, "h", { history: 20 });
    await waitFor(
      () => ids(viewer.store, "h").length === 20 && viewer.store.getState().rooms.h?.stats,
      {
        what: "history and snapshot",
      },
    );
    // Newest first: the last 20 of the 30 playbacks; the stats came with the snapshot.
    expect(ids(viewer.store, "h")).toEqual(Array.from({ length: 20 }, (_, i) => `p-${29 - i}`));
    expect(viewer.store.getState().rooms.h?.stats?.data.total_count).toBe(5);
    await server.publish(publishPlaybacks("h", 1, 100));
    await waitFor(() => ids(viewer.store, "h")[0] === "p-100", { what: "a live event after" });
    expect(ids(viewer.store, "h")).toHaveLength(21);
  });
});

describe("hydrating from /state, then the socket", () => {
  it("continues from the state's seq: every event exactly once, none missing", async () => {
    const server = await hub();
    await server.publish(publishPlaybacks("s", 15)); // K before the render
    const state = await roomState(server, "s", 100);
    expect(state.events).toHaveLength(15);
    await server.publish(publishPlaybacks("s", 5, 100)); // between render and socket

    const store = createPulseStore();
    const resume = hydrateRoom(store, "s", state, { history: 100 });
    expect(ids(store, "s")).toHaveLength(15);
    const dial = recordingWebSocket();
    const delivered: ServerEvent[] = [];
    const connection = createConnection({
      url: server.wsUrl,
      rooms: ["s"],
      history: 100,
      resume,
      WebSocket: dial.WebSocket,
      listener: { onEvent: (event) => delivered.push(event) },
    });
    const stop = connectStore(store, connection);
    closers.push(() => {
      connection.close();
      stop();
    });
    await waitFor(() => connection.getState().status === "open", { what: "open" });
    await server.publish(publishPlaybacks("s", 7, 200)); // M after

    await waitFor(() => ids(store, "s").length === 27, { what: "K + 5 + M playbacks" });
    expect(dial.urls[0]?.searchParams.get("since")).toBe(String(state.seq));
    expect(dial.urls[0]?.searchParams.get("epoch")).toBe(state.epoch);
    expect(dial.urls[0]?.searchParams.get("history")).toBeNull();
    // The socket sent only what came after the state, each once.
    expect(delivered).toHaveLength(12);
    expect(delivered.every((event) => event.seq > state.seq)).toBe(true);
    expect(new Set(ids(store, "s")).size).toBe(27);
    expect(store.getState().rooms.s?.rate.perMinute).toBe(27);
  });

  it("through a shared socket, a second tab hydrated later starts from the same state", async () => {
    const server = await hub();
    await server.publish(publishPlaybacks("w", 10));
    const chrome = new TestBrowser();
    closers.push(() => chrome.closeAll());
    const first = createPulseStore();
    const resume = hydrateRoom(first, "w", await roomState(server, "w", 100), { history: 100 });
    const tab1 = chrome.openTab({ url: server.wsUrl, rooms: ["w"], history: 100, resume }, first);
    await waitFor(() => tab1.store.getState().connection.status === "open", { what: "tab 1" });
    await server.publish(publishPlaybacks("w", 3, 50));
    await waitFor(() => ids(first, "w").length === 13, { what: "tab 1 live" });

    const second = createPulseStore();
    const later = hydrateRoom(second, "w", await roomState(server, "w", 100), { history: 100 });
    const tab2 = chrome.openTab(
      { url: server.wsUrl, rooms: ["w"], history: 100, resume: later },
      second,
    );
    await waitFor(() => tab2.store.getState().connection.status === "open", { what: "tab 2" });
    await server.publish(publishPlaybacks("w", 2, 80));
    await waitFor(() => ids(first, "w").length === 15 && ids(second, "w").length === 15, {
      what: "both tabs with every playback",
    });
    expect(ids(second, "w")).toEqual(ids(first, "w"));
    expect(await server.connections()).toHaveLength(1);
  });
});

describe("append", () => {
  it("acknowledges an alert for every viewer of the room, durably", async () => {
    const server = await hub();
    await server.publish([{ room: "a", type: "detection_alert", data: alertData(77) }]);
    const one = client(server, "a", { history: 50 });
    const two = client(server, "a", { history: 50 });
    const alertOf = (viewer: PulseClient) => viewer.store.getState().rooms.a?.alerts[0];
    await waitFor(() => alertOf(one) && alertOf(two) && one.connection.getResumePoint(), {
      what: "the alert in both",
    });
    const { seq } = await one.connection.append("a", "alert_acknowledged", {
      alert_id: 77,
      note: "on it",
    });
    for (const viewer of [one, two]) {
      await waitFor(() => alertOf(viewer)?.acknowledged, { what: "acknowledged" });
      expect(alertOf(viewer)?.acknowledgement).toMatchObject({ seq, data: { note: "on it" } });
      expect(alertOf(viewer)?.acknowledgement?.data.by.name).toBeTruthy();
    }
    // A viewer opening later sees it from the room's history.
    const late = client(server, "a", { history: 50 });
    await waitFor(() => alertOf(late)?.acknowledgement?.seq === seq, { what: "late viewer" });
  });

  it("is refused for a room the connection does not follow", async () => {
    const server = await hub();
    const viewer = client(server, "mine");
    await waitFor(() => viewer.connection.getResumePoint(), { what: "open" });
    await expect(
      viewer.connection.append("theirs", "alert_acknowledged", { alert_id: 1 }),
    ).rejects.toMatchObject({ name: "AppendError", code: "forbidden" });
  });

  it("works through the shared per-browser socket", async () => {
    const server = await hub();
    await server.publish([{ room: "sh", type: "detection_alert", data: alertData("x-1") }]);
    const chrome = new TestBrowser();
    closers.push(() => chrome.closeAll());
    const tab = chrome.openTab({ url: server.wsUrl, rooms: ["sh"], history: 10 });
    await waitFor(() => tab.store.getState().rooms.sh?.alerts[0], { what: "the alert" });
    const { seq } = await tab.connection.append("sh", "alert_acknowledged", { alert_id: "x-1" });
    await waitFor(() => tab.store.getState().rooms.sh?.alerts[0]?.acknowledgement?.seq === seq, {
      what: "acknowledged in the tab",
    });
  });
});

describe("load older", () => {
  it("pages back below the hydrated history until nothing older remains", async () => {
    const server = await hub();
    await server.publish(publishPlaybacks("o", 120));
    const store = createPulseStore();
    hydrateRoom(store, "o", await roomState(server, "o", 50), { history: 50 });
    expect(ids(store, "o")).toHaveLength(50);
    const request = { url: server.wsUrl, room: "o", limit: 50 };
    expect(await loadOlderEvents(store, request)).toEqual({ loaded: 50, more: true });
    expect(await loadOlderEvents(store, request)).toEqual({ loaded: 20, more: false });
    expect(await loadOlderEvents(store, request)).toEqual({ loaded: 0, more: false });
    expect(ids(store, "o")).toEqual(Array.from({ length: 120 }, (_, i) => `p-${119 - i}`));
  });
});
