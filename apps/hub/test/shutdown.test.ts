import type { Socket } from "node:net";
import { CloseCode } from "@pulseboard/protocol";
import { type HubProcess, spawnHub } from "@pulseboard/testkit";
import { afterEach, describe, expect, it } from "vitest";
import { startTestHub } from "./support/hub.js";
import { TestClient } from "./support/ws-client.js";

describe("graceful shutdown", () => {
  let hub: HubProcess | undefined;
  afterEach(() => hub?.kill("SIGKILL"));

  it.each(["SIGTERM", "SIGINT"] as const)(
    "on %s closes clients with 1001 and a randomized retry_ms, then exits 0",
    async (signal) => {
      hub = await spawnHub({ HUB_SHUTDOWN_MS: "3000", HUB_RECONNECT_SPREAD_MS: "5000" });
      const clients = await Promise.all(
        Array.from({ length: 5 }, () => TestClient.ready(hub?.wsUrl ?? "")),
      );
      hub.kill(signal);
      const closes = await Promise.all(clients.map((client) => client.closed));
      for (const close of closes) {
        expect(close.code).toBe(CloseCode.GOING_AWAY);
        const reason = JSON.parse(close.reason) as { retry_ms: number };
        expect(reason.retry_ms).toBeGreaterThanOrEqual(250);
        expect(reason.retry_ms).toBeLessThan(250 + 5000);
      }
      // Five draws from a 5 s range: all equal would mean no randomization.
      expect(new Set(closes.map((c) => c.reason)).size).toBeGreaterThan(1);
      expect(await hub.exited).toBe(0);
      expect(hub.output()).toContain('"msg":"shutdown complete"');
    },
  );

  it("exits within the deadline even when a client never answers the close handshake", async () => {
    hub = await spawnHub({ HUB_SHUTDOWN_MS: "1000" });
    const stuck = await TestClient.ready(hub.wsUrl);
    (stuck.socket as unknown as { _socket: Socket })._socket.pause();
    hub.kill("SIGTERM");
    expect(await hub.exited).toBe(0);
  });

  it("reports not ready and refuses new connections with 503 while draining", async () => {
    const inProcess = await startTestHub({ HUB_SHUTDOWN_MS: "1500" });
    const stuck = await TestClient.ready(inProcess.wsUrl);
    (stuck.socket as unknown as { _socket: Socket })._socket.pause();
    const shutdown = inProcess.close();
    const ready = await fetch(`${inProcess.url}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ status: "not_ready", draining: true });
    await expect(TestClient.connect(inProcess.wsUrl)).rejects.toThrow(/HTTP 503/);
    await shutdown;
  });
});
