import { Agent, request } from "node:http";
import { connect, type Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { startTestHub, type TestHub } from "./support/hub.js";
import { TestClient } from "./support/ws-client.js";

/**
 * Half-open (slowloris) sockets: real TCP sockets that never finish their request headers,
 * against a real hub. Attackers connect from 127.0.0.2 (all of 127/8 is loopback on Linux), the
 * legitimate clients from 127.0.0.1, so the per-address cap can tell them apart.
 */

interface SlowSocket {
  socket: Socket;
  /** Everything the hub wrote to it. */
  received: () => string;
  /** The hub closed its side. */
  closed: Promise<void>;
  isClosed: () => boolean;
}

/** Connects and sends the start of an upgrade request, never the blank line that ends it. */
function slowSocket(port: number, localAddress = "127.0.0.2", send = true): Promise<SlowSocket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host: "127.0.0.1", localAddress, allowHalfOpen: true });
    let data = "";
    let closed = false;
    socket.on("data", (chunk: Buffer) => {
      data += chunk.toString();
    });
    socket.on("error", () => {});
    // The hub's side closing shows as `end` (the client keeps its own side open: allowHalfOpen).
    const done = new Promise<void>((resolveClosed) => {
      const onClosed = () => {
        closed = true;
        resolveClosed();
      };
      socket.once("end", onClosed);
      socket.once("close", onClosed);
    });
    socket.once("connect", () => {
      if (send) socket.write("GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n");
      resolve({ socket, received: () => data, closed: done, isClosed: () => closed });
    });
    socket.once("error", reject);
  });
}

/** Resolves when `predicate` holds, polling; fails after a generous deadline. */
async function eventually<T>(what: string, read: () => Promise<T> | T, ok: (value: T) => boolean) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: last ${value}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** `promise`, or a failure naming `what` if it takes longer than a generous `ms`. */
async function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not happen within ${ms} ms`)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

async function metric(hub: TestHub, name: string, labels: Record<string, string> = {}) {
  const found = hub.app.metrics.registry.getSingleMetric(name);
  if (found === undefined) throw new Error(`no metric ${name}`);
  const { values } = await found.get();
  const entry = values.find((v) =>
    Object.entries(labels).every(([key, value]) => v.labels[key] === value),
  );
  return entry?.value ?? 0;
}

const pending = (hub: TestHub) => metric(hub, "pulseboard_pending_connections");

describe("half-open sockets", () => {
  let hub: TestHub;
  const sockets: SlowSocket[] = [];
  afterEach(async () => {
    for (const slow of sockets.splice(0)) slow.socket.destroy();
    await hub.close();
  });

  it("answers 408 and closes a socket that does not finish its headers in time, and one that sends nothing", async () => {
    hub = await startTestHub({ HUB_HEADER_TIMEOUT_MS: "500" });
    const partial = await slowSocket(hub.port);
    const silent = await slowSocket(hub.port, "127.0.0.2", false);
    sockets.push(partial, silent);
    // Closed by the hub (the client never closes its side: allowHalfOpen). The bound is 30 times
    // the header timeout, and well under Node's other deadline (the 30 s request timeout).
    await within(
      15_000,
      "the hub closing both sockets",
      Promise.all([partial.closed, silent.closed]),
    );
    expect(partial.received()).toMatch(/^HTTP\/1\.1 408 /);
    await eventually(
      "no pending connections",
      () => pending(hub),
      (n) => n === 0,
    );
    // The hub still serves.
    (await TestClient.ready(hub.wsUrl)).close();
  });

  /** 300 slow sockets from 127.0.0.2 against a hub with these caps; waits for `dropped` to go. */
  async function flood(caps: { perIp: number; total: number }, dropped: number) {
    hub = await startTestHub({
      HUB_HEADER_TIMEOUT_MS: "60000",
      HUB_MAX_PENDING_PER_IP: String(caps.perIp),
      HUB_MAX_PENDING_CONNECTIONS: String(caps.total),
    });
    for (let i = 0; i < 300; i++) sockets.push(await slowSocket(hub.port));
    await eventually(
      `${dropped} slow sockets destroyed`,
      () => sockets.filter((s) => s.isClosed()).length,
      (n) => n === dropped,
    );
  }

  it("caps slow sockets per address, destroying the excess at once; other addresses connect", async () => {
    await flood({ perIp: 20, total: 1000 }, 280);
    expect(
      await metric(hub, "pulseboard_pending_connection_drops_total", { reason: "address" }),
    ).toBe(280);
    expect(await pending(hub)).toBe(20);
    // The 20 that stay get nothing: they are waiting for their header deadline.
    for (const slow of sockets.filter((s) => !s.isClosed())) expect(slow.received()).toBe("");

    // A legitimate client on another address connects, and its slot is not held afterwards.
    const client = await TestClient.ready(hub.wsUrl);
    await eventually(
      "the upgraded socket no longer pending",
      () => pending(hub),
      (n) => n === 20,
    );
    client.close();
    // From the crowded address, one more socket is destroyed at once.
    const late = await slowSocket(hub.port);
    sockets.push(late);
    await late.closed;
    expect(late.received()).toBe("");
  });

  it("with the total cap full of slow sockets, a new client still connects (the oldest slow one goes)", async () => {
    await flood({ perIp: 100_000, total: 50 }, 250);
    expect(await pending(hub)).toBe(50);
    // The oldest went first: the 50 newest are the ones still open.
    expect(sockets.slice(250).every((s) => !s.isClosed())).toBe(true);
    expect(
      await metric(hub, "pulseboard_pending_connection_drops_total", { reason: "total" }),
    ).toBe(250);

    const clients = [await TestClient.ready(hub.wsUrl), await TestClient.ready(hub.wsUrl)];
    expect(hub.app.hub.clients.size).toBe(2);
    expect(await pending(hub)).toBeLessThanOrEqual(50);
    for (const client of clients) client.close();
  });

  it("keeps a kept-alive HTTP connection that completed a request while slow sockets churn through a full total cap", async () => {
    hub = await startTestHub({
      HUB_HEADER_TIMEOUT_MS: "60000",
      HUB_MAX_PENDING_PER_IP: "1000",
      HUB_MAX_PENDING_CONNECTIONS: "20",
    });
    // A producer's connection: one request answered, then idle, kept alive.
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const get = () =>
      new Promise<{ status: number; reused: boolean }>((resolve, reject) => {
        const req = request(`${hub.url}/healthz`, { agent }, (res) => {
          res.resume();
          res.on("end", () => resolve({ status: res.statusCode ?? 0, reused: req.reusedSocket }));
        });
        req.on("error", reject);
        req.end();
      });
    expect((await get()).status).toBe(200);
    // Five times the cap of slow sockets arrive after it: each new one evicts the oldest.
    for (let i = 0; i < 100; i++) sockets.push(await slowSocket(hub.port));
    await eventually(
      "80 slow sockets destroyed",
      () => sockets.filter((s) => s.isClosed()).length,
      (n) => n === 80,
    );
    // Its socket was never the one evicted: the next request goes out on it.
    expect(await get()).toEqual({ status: 200, reused: true });
    agent.destroy();
  });

  it("closes a refused upgrade's socket even when the client never closes its side", async () => {
    hub = await startTestHub({ HUB_AUTH: "jwt", HUB_AUTH_SECRET: "x".repeat(40) });
    const refused = await slowSocket(hub.port, "127.0.0.1", false);
    sockets.push(refused);
    refused.socket.write(
      "GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n",
    );
    await eventually(
      "the 401",
      () => refused.received(),
      (text) => text.includes("missing_token"),
    );
    expect(refused.received()).toMatch(/^HTTP\/1\.1 401 /);
    // The client keeps its side open; the hub's socket is gone all the same.
    await eventually(
      "no pending connections",
      () => pending(hub),
      (n) => n === 0,
    );
    expect(refused.socket.writable).toBe(true);
  });
});
