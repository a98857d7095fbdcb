import type { ServerMessage } from "@pulseboard/protocol";
import { startTestHubProcess, type TestHubProcess, waitFor } from "@pulseboard/testkit";
import { afterEach, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { createSharedConnection } from "../src/shared/create-shared-connection.js";
import type { PortLike } from "../src/shared/wire.js";
import { publishPlaybacks, publishStats } from "./support/events.js";
import { TestBrowser, TestTab } from "./support/shared-tabs.js";
import { signToken, TEST_SECRET } from "./support/sign-token.js";

/**
 * Shared connections: tabs of one browser share one socket through the worker's host. Real
 * hub, real sockets, real MessagePorts; the assertions are on what the hub sees (its client
 * count, the rooms it serves) and on each tab's store.
 */

const hubs: TestHubProcess[] = [];
const browsers: TestBrowser[] = [];
const tabs: TestTab[] = [];

afterEach(async () => {
  for (const tab of tabs.splice(0)) tab.close();
  for (const browser of browsers.splice(0)) browser.closeAll();
  await Promise.all(hubs.splice(0).map((hub) => hub.close()));
});

async function hub(env: Record<string, string> = {}): Promise<TestHubProcess> {
  const started = await startTestHubProcess(env);
  hubs.push(started);
  return started;
}

function browser(): TestBrowser {
  const created = new TestBrowser();
  browsers.push(created);
  return created;
}

const clientCount = async (server: TestHubProcess) => (await server.connections()).length;
const hubRooms = async (server: TestHubProcess) =>
  (await server.connections()).flatMap((connection) => connection.rooms).sort();
const isOpen = (tab: TestTab) => tab.store.getState().connection.status === "open";

describe("tabs sharing one socket", () => {
  it("five tabs are one connection at the hub, each seeing only its own rooms", async () => {
    const server = await hub();
    const chrome = browser();
    const rooms = ["dashboard:1", "dashboard:2", "dashboard:1", "global", "dashboard:2"];
    const opened = rooms.map((room) => chrome.openTab({ url: server.wsUrl, rooms: [room] }));
    await waitFor(() => opened.every(isOpen), { what: "every tab open" });
    await waitFor(async () => (await hubRooms(server)).length === 3, {
      what: "the union of the rooms",
    });
    expect(await clientCount(server)).toBe(1);
    expect(chrome.host.socketCount()).toBe(1);
    expect(await hubRooms(server)).toEqual(["dashboard:1", "dashboard:2", "global"]);

    await server.publish(publishPlaybacks("dashboard:1", 2, 10));
    await server.publish(publishPlaybacks("dashboard:2", 1, 20));
    await server.publish(publishPlaybacks("global", 1, 30));
    await waitFor(() => opened.every((tab, i) => tab.playbackIds(rooms[i] ?? "").length > 0), {
      what: "every tab's events",
    });
    expect(opened[0]?.playbackIds("dashboard:1")).toEqual(["p-11", "p-10"]);
    expect(opened[2]?.playbackIds("dashboard:1")).toEqual(["p-11", "p-10"]);
    expect(opened[1]?.playbackIds("dashboard:2")).toEqual(["p-20"]);
    expect(opened[3]?.playbackIds("global")).toEqual(["p-30"]);
    // No tab holds a room it did not ask for.
    opened.forEach((tab, i) => {
      expect(Object.keys(tab.store.getState().rooms)).toEqual([rooms[i]]);
    });
  });

  it("a tab opening a room another tab follows starts from that room's state", async () => {
    const server = await hub();
    const chrome = browser();
    const first = chrome.openTab({ url: server.wsUrl, rooms: ["dashboard:7"] });
    await waitFor(() => isOpen(first), { what: "first tab open" });
    await server.publish([...publishPlaybacks("dashboard:7", 3), publishStats("dashboard:7", 42)]);
    await waitFor(() => first.store.getState().rooms["dashboard:7"]?.stats, { what: "stats" });

    const second = chrome.openTab({ url: server.wsUrl, rooms: ["dashboard:7"] });
    await waitFor(() => second.store.getState().rooms["dashboard:7"]?.stats, {
      what: "the second tab's seeded state",
    });
    expect(second.playbackIds("dashboard:7")).toEqual(first.playbackIds("dashboard:7"));
    expect(second.store.getState().rooms["dashboard:7"]?.stats?.data.total_count).toBe(42);

    // And live events after the seed reach both, once.
    await server.publish(publishPlaybacks("dashboard:7", 1, 3));
    await waitFor(() => second.playbackIds("dashboard:7").length === 4, { what: "live event" });
    expect(second.playbackIds("dashboard:7")).toEqual(["p-3", "p-2", "p-1", "p-0"]);
    await waitFor(() => first.playbackIds("dashboard:7").length === 4, { what: "first tab" });
    expect(await clientCount(server)).toBe(1);
  });

  it("two tabs following one room each get every event exactly once, in order", async () => {
    const server = await hub();
    const chrome = browser();
    const room = "dashboard:once";
    const tabs = [0, 1].map(() => chrome.openTab({ url: server.wsUrl, rooms: [room] }));
    // Counted at the connection, before any store: the store merges playbacks by id, so a tab
    // that is handed an event twice would look the same there.
    const delivered = tabs.map((tab) => {
      const seqs: number[] = [];
      tab.connection.addListener({ onEvent: (event) => seqs.push(event.seq) });
      return seqs;
    });
    await waitFor(() => tabs.every(isOpen), { what: "both tabs open" });

    const published = await server.publish(publishPlaybacks(room, 20));
    // Published last: once a tab has it, every copy of the earlier events would have come too.
    const sentinel = await server.publish([publishStats(room, 20)]);
    const all = [...published, ...sentinel];
    for (const seqs of delivered) {
      await waitFor(() => seqs.includes(sentinel[0] ?? -1), { what: "the sentinel" });
      expect(seqs).toEqual(all);
    }
    expect(await clientCount(server)).toBe(1);
  });

  it("rooms are reference-counted: the socket leaves a room with its last tab, and closes with the last tab", async () => {
    const server = await hub();
    const chrome = browser();
    const a = chrome.openTab({ url: server.wsUrl, rooms: ["dashboard:1", "dashboard:2"] });
    const b = chrome.openTab({ url: server.wsUrl, rooms: ["dashboard:2"] });
    await waitFor(() => isOpen(a) && isOpen(b), { what: "both open" });
    await waitFor(async () => (await hubRooms(server)).length === 2, { what: "two rooms" });

    a.connection.unsubscribeRooms(["dashboard:2"]);
    a.connection.unsubscribeRooms(["dashboard:1"]);
    await waitFor(async () => (await hubRooms(server)).join() === "dashboard:2", {
      what: "dashboard:1 left",
    });
    await server.publish(publishPlaybacks("dashboard:2", 1, 5));
    await waitFor(() => b.playbackIds("dashboard:2").includes("p-5"), { what: "b still served" });

    a.close();
    await waitFor(
      async () => chrome.host.socketCount() === 1 && (await clientCount(server)) === 1,
      {
        what: "b keeps the socket",
      },
    );
    b.close();
    await waitFor(async () => (await clientCount(server)) === 0, { what: "the socket closed" });
    expect(chrome.host.socketCount()).toBe(0);
  });

  it("a tab whose room the open socket is still subscribing to is not yet open", async () => {
    const server = await hub();
    const chrome = browser();
    const first = chrome.openTab({ url: server.wsUrl, rooms: ["global"] });
    await waitFor(() => isOpen(first), { what: "first tab open" });
    const second = chrome.openTab({ url: server.wsUrl, rooms: ["dashboard:3"] });
    const seen: string[] = [];
    let roomsWhenOpen: Promise<string[]> = Promise.resolve([]);
    second.connection.subscribe((state) => {
      seen.push(state.status);
      // Asked of the hub process the moment the tab says "open" (answered a moment later).
      if (state.status === "open") roomsWhenOpen = hubRooms(server);
    });
    await waitFor(() => isOpen(second), { what: "second tab open" });
    // Open only once the hub serves its room: everything published from then on reaches it.
    expect(await roomsWhenOpen).toContain("dashboard:3");
    expect(seen.filter((status) => status === "open")).toEqual(["open"]);
    await server.publish(publishPlaybacks("dashboard:3", 3));
    await waitFor(() => second.playbackIds("dashboard:3").length === 3, { what: "all three" });
  });

  it("tabs with different options get different sockets", async () => {
    const server = await hub();
    const chrome = browser();
    const plain = chrome.openTab({ url: server.wsUrl, rooms: ["global"] });
    const withPresence = chrome.openTab({ url: server.wsUrl, rooms: ["global"], presence: true });
    await waitFor(() => isOpen(plain) && isOpen(withPresence), { what: "both open" });
    expect(await clientCount(server)).toBe(2);
    expect(chrome.host.socketCount()).toBe(2);
  });
});

describe("tokens and presence through the shared socket", () => {
  it("asks a tab for a token covering every tab's rooms before following a new one", async () => {
    const server = await hub({
      HUB_AUTH: "jwt",
      HUB_AUTH_SECRET: TEST_SECRET,
    });
    const chrome = browser();
    const asked: string[][] = [];
    // Like the web app's token route: a token grants exactly the rooms asked for.
    const token = ({ rooms }: { rooms: readonly string[] }) => {
      asked.push([...rooms]);
      return signToken(3600, { rooms: [...rooms] });
    };
    const a = chrome.openTab({ url: server.wsUrl, rooms: ["dashboard:1"], token });
    await waitFor(() => isOpen(a), { what: "a open" });
    const errors: ServerMessage[] = [];
    const b = chrome.openTab({
      url: server.wsUrl,
      rooms: ["dashboard:2"],
      token,
      onMessage: (message) => {
        if (message.type === "error") errors.push(message);
      },
    });
    await waitFor(async () => (await hubRooms(server)).length === 2, {
      what: "dashboard:2 followed",
    });
    expect(asked.at(-1)?.sort()).toEqual(["dashboard:1", "dashboard:2"]);
    await server.publish(publishPlaybacks("dashboard:2", 1));
    await waitFor(() => b.playbackIds("dashboard:2").length === 1, { what: "b's event" });
    expect(errors).toEqual([]);
    expect(await clientCount(server)).toBe(1);
  });

  it("one browser is one member however many tabs it has; indicators reach the room's tabs", async () => {
    const server = await hub();
    const chrome = browser();
    const other = browser();
    const tab1 = chrome.openTab({ url: server.wsUrl, rooms: ["dashboard:9"], presence: true });
    const tab2 = chrome.openTab({ url: server.wsUrl, rooms: ["dashboard:9"], presence: true });
    const elsewhere = other.openTab({ url: server.wsUrl, rooms: ["dashboard:9"], presence: true });
    const members = (tab: TestTab) =>
      tab.store.getState().presence["dashboard:9"]?.members.length ?? 0;
    await waitFor(() => [tab1, tab2, elsewhere].every((tab) => members(tab) === 2), {
      what: "two members everywhere",
    });
    expect(await clientCount(server)).toBe(2);
    // Both tabs know who they are (from the shared socket's welcome), and it is the same member.
    const self = (tab: TestTab) => {
      const state = tab.connection.getState();
      return state.status === "open" ? state.user?.id : undefined;
    };
    expect(self(tab1)).toMatch(/^anon:/);
    expect(self(tab2)).toBe(self(tab1));
    expect(self(elsewhere)).not.toBe(self(tab1));

    await waitFor(() => tab2.connection.publish("dashboard:9", "viewing", { payload: "plays" }), {
      what: "publish accepted",
    });
    for (const tab of [tab1, tab2, elsewhere]) {
      const seen = await waitFor(
        () => tab.store.getState().presence["dashboard:9"]?.indicators[0],
        { what: "the indicator" },
      );
      expect(seen).toMatchObject({ kind: "viewing", payload: "plays" });
    }
    // A tab cannot publish to a room it does not follow, even though the socket might.
    expect(tab1.connection.publish("global", "viewing")).toBe(false);

    chrome.closeAll();
    await waitFor(() => members(elsewhere) === 1, { what: "the browser's leave" });
  });
});

describe("falling back to a socket per tab", () => {
  it("without a SharedWorker the connection is a plain one", async () => {
    const server = await hub();
    const tab = new TestTab(
      createSharedConnection({ url: server.wsUrl, rooms: ["global"], WebSocket, network: null }),
    );
    tabs.push(tab);
    await waitFor(() => isOpen(tab), { what: "open" });
    expect(await clientCount(server)).toBe(1);
  });

  it("a worker that never answers is given up for an own socket, and nothing is lost", async () => {
    const server = await hub();
    const { MessageChannel } = await import("node:worker_threads");
    const silent = new MessageChannel();
    const tab = new TestTab(
      createSharedConnection({
        url: server.wsUrl,
        rooms: ["global"],
        WebSocket,
        network: null,
        workerTimeoutMs: 300,
        sharedWorker: () => ({ port: silent.port2 as unknown as PortLike }),
      }),
    );
    tabs.push(tab);
    await waitFor(() => isOpen(tab), { what: "open through the fallback" });
    await server.publish(publishPlaybacks("global", 2));
    await waitFor(() => tab.playbackIds("global").length === 2, { what: "events" });
    silent.port1.close();
  });
});
