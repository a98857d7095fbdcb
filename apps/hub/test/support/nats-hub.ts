import { type NatsServerHandle, startNatsServer } from "@pulseboard/testkit";
import { afterAll, afterEach, beforeAll } from "vitest";
import { startTestHub, type TestHub } from "../../src/testing.js";
import { TestClient } from "./ws-client.js";

/**
 * One nats-server for a describe block, and per test a hub on it (no demo) and clients, all
 * closed after each test. Call inside `describe`.
 */
export function natsHubPerTest() {
  let nats: NatsServerHandle | undefined;
  let hub: TestHub | undefined;
  const clients: TestClient[] = [];
  beforeAll(async () => {
    nats = await startNatsServer();
  });
  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    await hub?.close();
    hub = undefined;
  });
  afterAll(async () => {
    await nats?.stop();
  });
  return {
    async start(env: Record<string, string> = {}): Promise<TestHub> {
      if (nats === undefined) throw new Error("nats-server not started");
      hub = await startTestHub({ NATS_URL: nats.url, HUB_DEMO: "0", ...env });
      return hub;
    },
    /** Opens a socket (without waiting for `subscribed`), closed after the test. */
    async connect(url: string): Promise<TestClient> {
      const client = await TestClient.connect(url);
      clients.push(client);
      return client;
    },
  };
}
