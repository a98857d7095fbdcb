import { startTestHubProcess, type TestHubProcess, waitFor } from "@pulseboard/testkit";
import { afterEach, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { createPulseClient, type PulseClient } from "../src/client.js";

/** Presence, indicators and dashboard_refresh through a real hub into the store. */

const hubs: TestHubProcess[] = [];
const clients: PulseClient[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  await Promise.all(hubs.splice(0).map((hub) => hub.close()));
});

function open(hub: TestHubProcess, presence: boolean): PulseClient {
  const client = createPulseClient({
    url: hub.wsUrl,
    rooms: ["dashboard:42"],
    presence,
    WebSocket,
    network: null,
  });
  clients.push(client);
  return client;
}

describe("collaboration against a real hub", () => {
  it("fills presence, relays indicators and records refresh requests", async () => {
    const hub = await startTestHubProcess();
    hubs.push(hub);
    const ana = open(hub, true);
    const bo = open(hub, true);
    const legacy = open(hub, false);

    const members = (client: PulseClient) =>
      client.store.getState().presence["dashboard:42"]?.members.length ?? 0;
    await waitFor(() => members(ana) === 2 && members(bo) === 2, { what: "both members" });

    await waitFor(() => ana.connection.publish("dashboard:42", "viewing", { payload: "plays" }), {
      what: "an open connection",
    });
    const seen = await waitFor(() => bo.store.getState().presence["dashboard:42"]?.indicators[0], {
      what: "the indicator",
    });
    const anaState = ana.store.getState().connection;
    // The hub's welcome said who this connection is in presence.
    expect(anaState).toMatchObject({
      status: "open",
      user: { id: expect.stringMatching(/^anon:/) },
    });
    expect(seen).toMatchObject({
      kind: "viewing",
      payload: "plays",
      from: { connection_id: anaState.status === "open" ? anaState.connectionId : "?" },
    });

    const [seq] = await hub.publish([
      {
        room: "dashboard:42",
        type: "dashboard_refresh",
        data: { requested_at: "2026-11-21T23:00:00.000Z", reason: "reindexed" },
      },
    ]);
    for (const client of [ana, bo, legacy]) {
      await waitFor(
        () => client.store.getState().rooms["dashboard:42"]?.refreshRequest?.seq === seq,
        { what: "the refresh request" },
      );
      expect(client.store.getState().rooms["dashboard:42"]?.refreshRequestedAt).toBe(
        "2026-11-21T23:00:00.000Z",
      );
    }

    // The legacy-style client (no presence) saw none of it.
    expect(legacy.store.getState().presence).toEqual({});

    bo.close();
    await waitFor(() => members(ana) === 1, { what: "bo's leave" });
  });
});
