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
import { TestClient } from "../support/ws-client.js";

/**
 * The operator API on two real hub processes sharing one real nats-server: cluster-wide
 * listing (a hub that does not answer is named), disconnect on the other hub, rooms, presence,
 * broadcast, and the 401/403 refusals.
 */

const ADMIN = "operator-token-for-the-tests";

async function call(
  hub: HubProcess,
  path: string,
  { token = ADMIN, body }: { token?: string | null; body?: unknown } = {},
): Promise<{ status: number; json: Record<string, unknown> }> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (token !== null) headers.authorization = `Bearer ${token}`;
  const response = await fetch(`${hub.url}${path}`, {
    method: body === undefined ? "GET" : "POST",
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

interface Listing {
  hubs: string[];
  missing: string[];
  connections: { hub: string; connection_id: string; user: string; rooms: string[] }[];
}

interface RoomListing {
  room: string;
  hubs: Record<string, number>;
  rates: Record<string, number>;
  events_per_second: number;
  deliveries_per_second: number;
}

async function viewer(hub: HubProcess, sub: string, rooms = "global") {
  const token = await signToken({ sub, rooms: ["global", "dashboard:*"] });
  return TestClient.ready(`${hub.wsUrl}?rooms=${rooms}&presence=1`, {
    headers: { authorization: `Bearer ${token}` },
  });
}

describe("operator API across two hubs on one nats-server", () => {
  let nats: NatsServerHandle;
  let a: HubProcess;
  let b: HubProcess;
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
  });

  afterAll(async () => {
    for (const client of clients) client.close();
    for (const hub of [a, b]) {
      hub?.kill("SIGCONT");
      hub?.kill("SIGKILL");
      await hub?.exited;
    }
    await nats?.stop();
  });

  it("refuses without the operator credential: 401, and 403 for a viewer's token", async () => {
    expect((await call(a, "/api/v1/admin/connections", { token: null })).status).toBe(401);
    expect((await call(a, "/api/v1/admin/connections", { token: "wrong" })).status).toBe(401);
    const viewerToken = await signToken({ sub: "eve", rooms: ["*"] });
    const refused = await call(a, "/api/v1/admin/connections", { token: viewerToken });
    expect(refused.status).toBe(403);
    const forged = await signToken({ sub: "eve" }, { secret: "x".repeat(40) });
    expect((await call(a, "/api/v1/admin/rooms", { token: forged })).status).toBe(401);
  });

  it("lists the connections of both hubs, filtered, and names a hub that does not answer", async () => {
    clients.push(await viewer(a, "alice"), await viewer(b, "bob", "global,dashboard:x"));
    const both = await waitFor(async () => {
      const { json } = await call(a, "/api/v1/admin/connections");
      const listing = json as unknown as Listing;
      return listing.hubs.length === 2 && listing.connections.length === 2 ? listing : undefined;
    });
    expect(both.missing).toEqual([]);
    const bob = both.connections.find((connection) => connection.user === "bob");
    expect(bob).toMatchObject({
      rooms: ["global", "dashboard:x"],
      remote_address: "127.0.0.1",
      backlog_bytes: expect.any(Number),
      messages_sent: expect.any(Number),
      connected_since: expect.any(String),
    });
    const hubB = bob?.hub as string;
    expect(both.hubs[0]).not.toBe(hubB);

    const byRoom = (await call(a, "/api/v1/admin/connections?room=dashboard:x")).json as unknown;
    expect((byRoom as Listing).connections.map((c) => c.user)).toEqual(["bob"]);
    const byUser = (await call(b, "/api/v1/admin/connections?user=alice")).json as unknown;
    expect((byUser as Listing).connections.map((c) => c.user)).toEqual(["alice"]);

    const rooms = (await call(a, "/api/v1/admin/rooms")).json;
    expect(rooms.rooms).toContainEqual(
      expect.objectContaining({
        room: "global",
        total: 2,
        hubs: { [both.hubs[0] as string]: 1, [hubB]: 1 },
      }),
    );

    b.child.kill("SIGSTOP");
    try {
      const stopped = (await call(a, "/api/v1/admin/connections")).json as unknown as Listing;
      expect(stopped.missing).toEqual([hubB]);
      expect(stopped.hubs).not.toContain(hubB);
      expect(stopped.connections.map((c) => c.user)).toEqual(["alice"]);
    } finally {
      b.child.kill("SIGCONT");
    }
    const back = (await call(a, "/api/v1/admin/connections")).json as unknown as Listing;
    expect(back.missing).toEqual([]);
  });

  it("lists each room's event rate per hub, the room's rate, and its deliveries", async () => {
    const carol = await viewer(a, "carol", "dashboard:x");
    clients.push(carol);
    for (let i = 0; i < 6; i++) {
      const { status } = await call(b, "/api/v1/admin/broadcast", {
        body: { room: "dashboard:x" },
      });
      expect(status).toBe(200);
    }
    await carol.until(() => (carol.events("dashboard:x").length >= 6 ? true : undefined));
    const listing = (await call(a, "/api/v1/admin/rooms")).json as unknown as {
      hubs: string[];
      rooms: RoomListing[];
    };
    const [hubA, hubB] = listing.hubs as [string, string];
    const room = listing.rooms.find((entry) => entry.room === "dashboard:x") as RoomListing;
    expect(room.hubs).toEqual({ [hubA]: 1, [hubB]: 1 });
    // Both hubs count the same six events, each since the room got a subscriber there.
    expect(room.rates[hubA]).toBeGreaterThan(0);
    expect(room.rates[hubB]).toBeGreaterThan(0);
    expect(room.events_per_second).toBeLessThanOrEqual(6);
    expect(room.events_per_second).toBe(Math.max(room.rates[hubA] ?? 0, room.rates[hubB] ?? 0));
    expect(room.deliveries_per_second).toBeCloseTo(
      (room.rates[hubA] ?? 0) + (room.rates[hubB] ?? 0),
      1,
    );
    const quiet = listing.rooms.find((entry) => entry.room === "global") as RoomListing;
    expect(quiet.events_per_second).toBe(0);
    carol.close();
  });

  it("disconnects every connection of a user, on both hubs, with 4010", async () => {
    const bob = clients[1] as TestClient;
    const alice = clients[0] as TestClient;
    const bobOnA = await viewer(a, "bob");
    clients.push(bobOnA);
    const { status, json } = await call(a, "/api/v1/admin/disconnect", { body: { user: "bob" } });
    expect(status).toBe(200);
    expect(json).toMatchObject({ closed: 2, missing: [] });
    expect((await bob.closed).code).toBe(CloseCode.DISCONNECTED);
    expect((await bobOnA.closed).code).toBe(CloseCode.DISCONNECTED);
    expect(alice.socket.readyState).toBe(alice.socket.OPEN);
    expect((await call(a, "/api/v1/admin/disconnect", { body: {} })).status).toBe(400);
  });

  it("shows a room's presence to operators and to viewers who may read the room", async () => {
    const members = async (token: string) => call(b, "/api/v1/presence?room=global", { token });
    const operator = await waitFor(async () => {
      const { json } = await members(ADMIN);
      return (json.members as unknown[]).length === 1 ? json : undefined;
    });
    expect(operator.members).toMatchObject([{ id: "alice" }]);
    const reader = await members(await signToken({ sub: "carol", rooms: ["global"] }));
    expect(reader.status).toBe(200);
    const outsider = await members(await signToken({ sub: "dave", rooms: ["other"] }));
    expect(outsider.status).toBe(403);
    expect((await members("nope")).status).toBe(401);
  });

  it("broadcasts a dashboard_refresh to a room through the event stream", async () => {
    const alice = clients[0] as TestClient;
    const { status } = await call(b, "/api/v1/admin/broadcast", {
      body: { room: "global", reason: "new release" },
    });
    expect(status).toBe(200);
    const refresh = await alice.waitFor((m) => m.type === "dashboard_refresh");
    expect(refresh).toMatchObject({ room: "global", data: { reason: "new release" } });
  });
});
