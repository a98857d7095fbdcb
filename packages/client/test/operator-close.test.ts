import { CloseCode } from "@pulseboard/protocol";
import { startTestHubProcess, type TestHubProcess, waitFor } from "@pulseboard/testkit";
import { afterEach, describe, expect, it } from "vitest";
import { createPulseClient, type PulseClient } from "../src/client.js";
import type { ConnectionState } from "../src/connection-state.js";
import { recordingWebSocket } from "./support/recording-ws.js";
import { TestBrowser, type TestTab } from "./support/shared-tabs.js";
import { signToken, TEST_SECRET } from "./support/sign-token.js";

/**
 * What a client does when an operator acts on it through the hub's operator API: a real hub
 * (memory engine, JWT auth), the real API over HTTP, real sockets, and the client's store.
 */

const ADMIN_TOKEN = "operator-close-test-admin-token";
const hubs: TestHubProcess[] = [];
const closers: (() => void)[] = [];

afterEach(async () => {
  for (const close of closers.splice(0)) close();
  await Promise.all(hubs.splice(0).map((hub) => hub.close()));
});

async function hub(): Promise<TestHubProcess> {
  const started = await startTestHubProcess({
    HUB_AUTH: "jwt",
    HUB_AUTH_SECRET: TEST_SECRET,
    HUB_ADMIN_TOKEN: ADMIN_TOKEN,
  });
  hubs.push(started);
  return started;
}

async function operator(server: TestHubProcess, route: string, body: object): Promise<unknown> {
  const response = await fetch(`${server.url}/api/v1/admin/${route}`, {
    method: "POST",
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  expect(response.status).toBe(200);
  return response.json();
}

/** A client whose token source hands out tokens of `sub` with a fresh `jti` each time. */
function client(server: TestHubProcess, sub: string) {
  const dial = recordingWebSocket();
  const jtis: string[] = [];
  const pulse: PulseClient = createPulseClient({
    url: server.wsUrl,
    rooms: ["global"],
    WebSocket: dial.WebSocket,
    network: null,
    token: () => {
      const jti = `${sub}-token-${jtis.length + 1}`;
      jtis.push(jti);
      return signToken(300, { sub, jti });
    },
  });
  closers.push(() => pulse.close());
  return { pulse, dial, jtis, state: () => pulse.store.getState().connection };
}

const closeCode = (state: ConnectionState) =>
  state.status === "reconnecting" || state.status === "revoked" ? state.lastClose?.code : undefined;

const isOpen = (state: ConnectionState) => state.status === "open";

describe("operator actions, seen by the client", () => {
  it("4010: the store says an operator disconnected it, and it waits 10–20 s before retrying", async () => {
    const server = await hub();
    const viewer = client(server, "alice");
    await waitFor(() => isOpen(viewer.state()), { what: "open" });

    const before = Date.now();
    expect(await operator(server, "disconnect", { user: "alice" })).toMatchObject({ closed: 1 });
    const state = await waitFor(
      () => {
        const current = viewer.state();
        return current.status === "reconnecting" && current;
      },
      { what: "reconnecting after the disconnect" },
    );
    expect(closeCode(state)).toBe(CloseCode.DISCONNECTED);
    const wait = state.nextTryAt - before;
    expect(wait).toBeGreaterThanOrEqual(9_000);
    expect(wait).toBeLessThanOrEqual(21_000);
    // It does not hammer: no new socket while it waits.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(viewer.dial.urls).toHaveLength(1);

    // "Retry now" skips the pause; an operator disconnect does not bar the user.
    viewer.pulse.connection.retryNow();
    await waitFor(() => isOpen(viewer.state()), { what: "open again" });
    expect(viewer.dial.urls).toHaveLength(2);
  });

  it("4003: a revoked token ends the connection for good, and the store says access was revoked", async () => {
    const server = await hub();
    const viewer = client(server, "bob");
    await waitFor(() => isOpen(viewer.state()), { what: "open" });

    await operator(server, "revoke", { jti: viewer.jtis[0] });
    const state = await waitFor(
      () => {
        const current = viewer.state();
        return current.status === "revoked" && current;
      },
      { what: "revoked" },
    );
    expect(closeCode(state)).toBe(CloseCode.REVOKED);
    viewer.pulse.connection.retryNow();
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(viewer.state().status).toBe("revoked");
    expect(viewer.dial.urls).toHaveLength(1);
    expect(viewer.jtis).toHaveLength(1);
  });

  it("through the shared per-browser socket, every tab shows the operator's close", async () => {
    const server = await hub();
    const chrome = new TestBrowser();
    closers.push(() => chrome.closeAll());
    let issued = 0;
    const token = () => signToken(300, { sub: "carol", jti: `carol-${++issued}` });
    const tabs: TestTab[] = ["global", "dashboard:1"].map((room) =>
      chrome.openTab({ url: server.wsUrl, rooms: [room], token }),
    );
    const states = () => tabs.map((tab) => tab.store.getState().connection);
    await waitFor(() => states().every(isOpen), { what: "both tabs open" });
    expect(await server.connections()).toHaveLength(1);

    await operator(server, "disconnect", { user: "carol" });
    await waitFor(() => states().every((s) => closeCode(s) === CloseCode.DISCONNECTED), {
      what: "both tabs: disconnected by an operator",
    });

    tabs[0]?.connection.retryNow();
    await waitFor(() => states().every(isOpen), { what: "both tabs open again" });
    await operator(server, "revoke", { sub: "carol" });
    await waitFor(() => states().every((s) => s.status === "revoked"), {
      what: "both tabs: access revoked",
    });
    expect(states().map(closeCode)).toEqual([CloseCode.REVOKED, CloseCode.REVOKED]);
  });
});
