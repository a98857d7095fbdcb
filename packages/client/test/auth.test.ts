import { CloseCode, type ServerMessage } from "@pulseboard/protocol";
import { startTestHubProcess, type TestHubProcess, waitFor } from "@pulseboard/testkit";
import { afterEach, describe, expect, it } from "vitest";
import { type Connection, createConnection } from "../src/connection.js";
import type { ConnectionState } from "../src/connection-state.js";
import { publishPlaybacks } from "./support/events.js";
import { recordingWebSocket } from "./support/recording-ws.js";
import { signToken, TEST_SECRET } from "./support/sign-token.js";

/** Tokens against a real hub with HS256 authentication and no clock leeway. */

let server: TestHubProcess | undefined;
let connection: Connection | undefined;

afterEach(async () => {
  connection?.close();
  await server?.close();
});

async function authHub(): Promise<TestHubProcess> {
  server = await startTestHubProcess({
    HUB_AUTH: "jwt",
    HUB_AUTH_SECRET: TEST_SECRET,
    HUB_AUTH_LEEWAY_S: "0",
  });
  return server;
}

describe("tokens against a real hub", () => {
  it("refreshes a short-lived token before it expires, so the socket stays open", async () => {
    const hub = await authHub();
    const dial = recordingWebSocket();
    const messages: ServerMessage[] = [];
    let calls = 0;
    const firstExpiry = Math.floor(Date.now() / 1000) + 2;
    connection = createConnection({
      url: hub.wsUrl,
      rooms: ["global"],
      WebSocket: dial.WebSocket,
      // The first token lives ~2 s; every later one an hour.
      token: () => signToken(calls++ === 0 ? 2 : 3600),
      onMessage: (message) => messages.push(message),
    });
    const refreshed = await waitFor(() => messages.find((m) => m.type === "refreshed"), {
      what: "refreshed",
    });
    expect(refreshed).toMatchObject({ type: "refreshed", data: { exp: expect.any(Number) } });
    expect(dial.urls[0]?.searchParams.get("access_token")).toBeTruthy();
    // Past the first token's expiry the same socket still delivers events.
    await waitFor(() => Date.now() > (firstExpiry + 1) * 1000, {
      what: "the first token's expiry",
    });
    await hub.publish(publishPlaybacks("global", 1));
    await waitFor(() => messages.some((m) => m.type === "playback"), { what: "an event" });
    expect(dial.urls).toHaveLength(1);
    expect(connection.getState().status).toBe("open");
  });

  it("after a 4001 asks the token source again and reconnects with the new token", async () => {
    const hub = await authHub();
    const dial = recordingWebSocket();
    const states: ConnectionState[] = [];
    const short = signToken(2);
    const long = signToken(3600);
    let expired = false;
    connection = createConnection({
      url: hub.wsUrl,
      rooms: ["global"],
      WebSocket: dial.WebSocket,
      // No newer token until the hub has closed the socket: the refresh finds nothing to send.
      token: () => (expired ? long : short),
    });
    connection.subscribe((state) => {
      states.push(state);
      if (state.status === "reconnecting") expired = true;
    });
    await waitFor(() => dial.urls.length >= 2 && connection?.getState().status === "open", {
      what: "a reconnect with a fresh token",
    });
    expect(states).toContainEqual(
      expect.objectContaining({
        status: "reconnecting",
        lastClose: expect.objectContaining({ code: CloseCode.TOKEN_EXPIRED }),
      }),
    );
    expect(dial.urls[0]?.searchParams.get("access_token")).toBe(short);
    expect(dial.urls.at(-1)?.searchParams.get("access_token")).toBe(long);
  });

  it("following a room the token does not grant swaps in a wider token first", async () => {
    const hub = await authHub();
    const messages: ServerMessage[] = [];
    const asked: string[][] = [];
    connection = createConnection({
      url: hub.wsUrl,
      rooms: ["dashboard:1"],
      WebSocket: recordingWebSocket().WebSocket,
      // Grants exactly the rooms asked for, like the web app's token route.
      token: ({ rooms }) => {
        asked.push([...rooms]);
        return signToken(3600, { rooms: [...rooms], iat: asked.length });
      },
      onMessage: (message) => messages.push(message),
    });
    await waitFor(() => connection?.getState().status === "open", { what: "open" });
    connection.subscribeRooms(["dashboard:2"]);
    await waitFor(() => messages.some((m) => m.type === "subscribed" && m.ref !== undefined), {
      what: "subscribed to dashboard:2",
    });
    await hub.publish(publishPlaybacks("dashboard:2", 1));
    await waitFor(() => messages.some((m) => m.type === "playback"), { what: "its event" });
    expect(asked.at(-1)).toEqual(["dashboard:1", "dashboard:2"]);
    const order = messages
      .map((m) => m.type)
      .filter((t) => t === "refreshed" || t === "subscribed");
    expect(order.slice(-2)).toEqual(["refreshed", "subscribed"]);
    expect(messages.filter((m) => m.type === "error")).toEqual([]);
  });
});
