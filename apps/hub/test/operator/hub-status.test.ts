import {
  type HubProcess,
  type NatsServerHandle,
  spawnHub,
  startNatsServer,
  waitFor,
} from "@pulseboard/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import packageJson from "../../package.json" with { type: "json" };
import type { HubStatus } from "../../src/operator/hub-status.js";
import { connectProducer, type NatsProducer } from "../support/nats-producer.js";
import { signToken, TEST_SECRET } from "../support/tokens.js";
import { TestClient } from "../support/ws-client.js";

/**
 * `GET /api/v1/admin/hubs` on two real hub processes sharing one real nats-server: each hub's
 * figures (what an admin page plots), from either hub, and the refusals.
 */

const ADMIN = "hub-status-test-admin-token";

type Status = HubStatus & { hub: string };

interface Answer {
  hubs: string[];
  missing: string[];
  status: Status[];
}

async function hubs(hub: HubProcess, token: string | null = ADMIN) {
  const response = await fetch(`${hub.url}/api/v1/admin/hubs`, {
    headers: token === null ? {} : { authorization: `Bearer ${token}` },
  });
  return { status: response.status, json: (await response.json()) as Answer };
}

describe("GET /api/v1/admin/hubs across two hubs on one nats-server", () => {
  let nats: NatsServerHandle;
  let a: HubProcess;
  let b: HubProcess;
  let producer: NatsProducer;
  const clients: TestClient[] = [];

  beforeAll(async () => {
    nats = await startNatsServer();
    const env = {
      NATS_URL: nats.url,
      HUB_AUTH_SECRET: TEST_SECRET,
      HUB_AUTH: "jwt",
      HUB_ADMIN_TOKEN: ADMIN,
      HUB_LOG_LEVEL: "warn",
    };
    [a, b] = await Promise.all([spawnHub(env), spawnHub(env)]);
    producer = await connectProducer(nats.url);
  });

  afterAll(async () => {
    for (const client of clients) client.close();
    await producer?.close();
    for (const hub of [a, b]) {
      hub?.kill("SIGKILL");
      await hub?.exited;
    }
    await nats?.stop();
  });

  it("refuses without the operator credential: 401, and 403 for a viewer's token", async () => {
    expect((await hubs(a, null)).status).toBe(401);
    expect((await hubs(a, "not-the-admin-token")).status).toBe(401);
    const viewerToken = await signToken({ sub: "eve", rooms: ["global"] });
    expect((await hubs(a, viewerToken)).status).toBe(403);
  });

  it("reports both hubs' figures from either hub, and follows what happens on them", async () => {
    // Both hubs know each other from presence heartbeats before the answer can hold both.
    const first = await waitFor(
      async () => {
        const answer = (await hubs(a)).json;
        return answer.status.length === 2 && answer.missing.length === 0 && answer;
      },
      { what: "both hubs answering", timeoutMs: 15_000, intervalMs: 100 },
    );
    const [hubA, hubB] = first.hubs as [string, string];
    for (const status of first.status) {
      expect(status.version).toBe(packageJson.version);
      expect(status.ready).toBe(true);
      expect(status.uptime_s).toBeGreaterThanOrEqual(0);
      expect(Date.parse(status.started_at)).toBeLessThanOrEqual(Date.now());
      expect(status.slow_consumer_closes).toBe(0);
    }
    const before = first.status.find((status) => status.hub === hubB) as Status;
    const startedA = first.status.find((status) => status.hub === hubA)?.started_at;

    const token = await signToken({ sub: "ana", rooms: ["global", "dashboard:*"], jti: "ana-1" });
    const ana = await TestClient.ready(`${b.wsUrl}?rooms=global,dashboard:7`, {
      headers: { authorization: `Bearer ${token}` },
    });
    clients.push(ana);
    for (let i = 0; i < 3; i++) await producer.publish("pulse.global.stats_update", stats(i));
    await ana.until(() => (ana.events("global").length >= 3 ? true : undefined));

    const after = await waitFor(
      async () => {
        const answer = (await hubs(b)).json;
        const status = answer.status.find((entry) => entry.hub === hubB);
        return status !== undefined && status.stream_lag_events === 0 && answer;
      },
      { what: "hub B caught up with the stream", intervalMs: 100 },
    );
    // Asked through hub B this time: it answers first, hub A's figures come over NATS.
    expect(after.hubs).toEqual([hubB, hubA]);
    const onB = after.status.find((status) => status.hub === hubB) as Status;
    const onA = after.status.find((status) => status.hub === hubA) as Status;
    expect(onB).toMatchObject({ connections: 1, rooms: 2, subscriptions: 2 });
    expect(onA).toMatchObject({ connections: 0, rooms: 0 });
    expect(onB.events_in - before.events_in).toBeGreaterThanOrEqual(3);
    expect(onB.messages_out).toBeGreaterThan(before.messages_out);
    expect(onA.events_in).toBeGreaterThanOrEqual(3);
    // The connection listing names the token it holds, so an operator can revoke that one.
    const listing = await fetch(`${a.url}/api/v1/admin/connections?user=ana`, {
      headers: { authorization: `Bearer ${ADMIN}` },
    });
    const { connections } = (await listing.json()) as { connections: { jti: string | null }[] };
    expect(connections.map((connection) => connection.jti)).toEqual(["ana-1"]);
    // The same instant in every answer: readers take a change of it for a restart.
    expect(onB.started_at).toBe(before.started_at);
    expect(onA.started_at).toBe(startedA);
  });
});

function stats(index: number) {
  return { total_count: 100 + index, unique_users: 10, timestamp: new Date().toISOString() };
}
