import { CloseCode } from "@pulseboard/protocol";
import {
  type HubProcess,
  type NatsServerHandle,
  spawnHub,
  startNatsServer,
  waitFor,
} from "@pulseboard/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signToken, TEST_SECRET } from "../support/tokens.js";
import { TestClient, UpgradeRefused } from "../support/ws-client.js";

/**
 * Revocation on two real hub processes sharing one real nats-server: the deny list closes the
 * covered connections on every hub before the request is answered, refuses new upgrades and
 * `refresh`, and is still there for a hub started after a hub and nats-server restart.
 */

const ADMIN = "operator-token-for-the-tests";

async function revoke(hub: HubProcess, body: unknown) {
  const response = await fetch(`${hub.url}/api/v1/admin/revoke`, {
    method: "POST",
    headers: { authorization: `Bearer ${ADMIN}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

async function connect(hub: HubProcess, claims: Record<string, unknown>) {
  const token = await signToken({ rooms: ["global"], ...claims });
  return TestClient.ready(`${hub.wsUrl}?rooms=global`, {
    headers: { authorization: `Bearer ${token}` },
  });
}

async function refusal(hub: HubProcess, claims: Record<string, unknown>) {
  const error = await connect(hub, claims).then(
    (client) => {
      client.close();
      return undefined;
    },
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(UpgradeRefused);
  return error as UpgradeRefused;
}

describe("revocation across hubs, through restarts", () => {
  let nats: NatsServerHandle;
  const hubs: HubProcess[] = [];
  const clients: TestClient[] = [];
  const env = () => ({
    NATS_URL: nats.url,
    HUB_AUTH_SECRET: TEST_SECRET,
    HUB_AUTH: "jwt",
    HUB_ADMIN_TOKEN: ADMIN,
    HUB_LOG_LEVEL: "warn",
  });

  beforeAll(async () => {
    nats = await startNatsServer();
    hubs.push(...(await Promise.all([spawnHub(env()), spawnHub(env())])));
  });

  afterAll(async () => {
    for (const client of clients) client.close();
    for (const hub of hubs) {
      hub.kill("SIGKILL");
      await hub.exited;
    }
    await nats?.stop();
  });

  it("closes a revoked user's connections on every hub with 4003 before answering", async () => {
    const [a, b] = hubs as [HubProcess, HubProcess];
    const onA = await connect(a, { sub: "mallory" });
    const onB = await connect(b, { sub: "mallory" });
    const other = await connect(b, { sub: "alice" });
    clients.push(onA, onB, other);
    // Both hubs must know each other before the request counts on an answer from each.
    await waitFor(async () => {
      const response = await fetch(`${a.url}/api/v1/admin/rooms`, {
        headers: { authorization: `Bearer ${ADMIN}` },
      });
      return ((await response.json()) as { hubs: string[] }).hubs.length === 2;
    });
    const { status, json } = await revoke(a, { sub: "mallory" });
    expect(status).toBe(200);
    expect(json).toMatchObject({
      closed: 2,
      missing: [],
      entry: { kind: "sub", value: "mallory" },
    });
    expect((await onA.closed).code).toBe(CloseCode.REVOKED);
    expect((await onB.closed).code).toBe(CloseCode.REVOKED);
    expect(other.socket.readyState).toBe(other.socket.OPEN);

    const refused = await refusal(b, { sub: "mallory" });
    expect(refused.status).toBe(401);
    expect(refused.body?.error).toBe("token_revoked");
  });

  it("revokes one token by jti: its connection closes, a refresh to it is refused", async () => {
    const [a, b] = hubs as [HubProcess, HubProcess];
    const victim = await connect(a, { sub: "trent", jti: "token-1" });
    const refresher = await connect(a, { sub: "peggy", jti: "token-2" });
    clients.push(victim, refresher);
    const exp = Math.floor(Date.now() / 1000) + 600;
    expect((await revoke(b, { jti: "token-1", exp })).json).toMatchObject({ closed: 1 });
    expect((await victim.closed).code).toBe(CloseCode.REVOKED);
    // Another token of the same user still works: only that token was revoked.
    clients.push(await connect(a, { sub: "trent", jti: "token-9" }));

    expect((await revoke(b, { jti: "token-3", exp })).json).toMatchObject({ closed: 0 });
    const next = await signToken({ sub: "peggy", jti: "token-3", rooms: ["global"] });
    refresher.send({ type: "refresh", id: "r1", data: { token: next } });
    const answer = await refresher.waitFor((m) => "ref" in m && m.ref === "r1");
    expect(answer).toMatchObject({ type: "error", data: { code: "invalid_token" } });
    expect(refresher.socket.readyState).toBe(refresher.socket.OPEN);
  });

  it("keeps the deny list through a nats-server restart and for a hub started after it", async () => {
    await nats.restart();
    for (const hub of hubs.splice(0)) {
      hub.kill("SIGKILL");
      await hub.exited;
    }
    const fresh = await spawnHub(env());
    hubs.push(fresh);
    expect((await refusal(fresh, { sub: "mallory" })).body?.error).toBe("token_revoked");
    expect((await refusal(fresh, { sub: "trent", jti: "token-1" })).status).toBe(401);
    clients.push(await connect(fresh, { sub: "alice" }));
  });

  it("refuses revocations without the operator token or with a bad body", async () => {
    const hub = hubs[0] as HubProcess;
    const anonymous = await fetch(`${hub.url}/api/v1/admin/revoke`, {
      method: "POST",
      body: JSON.stringify({ sub: "x" }),
    });
    expect(anonymous.status).toBe(401);
    expect((await revoke(hub, { user: "x" })).status).toBe(400);
  });
});
