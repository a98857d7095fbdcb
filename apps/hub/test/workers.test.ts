import { spawn } from "node:child_process";
import { CloseCode } from "@pulseboard/protocol";
import {
  freePort,
  HUB_DIR,
  type HubProcess,
  type NatsServerHandle,
  spawnHub,
  startNatsServer,
  waitUntil,
} from "@pulseboard/testkit";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { MAX_WORKER_RESTARTS } from "../src/cluster/limits.js";
import { playback } from "./support/events.js";
import { TestClient } from "./support/ws-client.js";

const TOKEN = "workers-publish-token";

/** HUB_WORKERS: real hub processes (cluster primary + workers) on one port, on a real NATS. */
describe("hub workers", () => {
  let nats: NatsServerHandle;
  let hub: HubProcess | undefined;
  beforeAll(async () => {
    nats = await startNatsServer();
  });
  afterEach(() => hub?.kill("SIGKILL"));
  afterAll(async () => {
    await nats?.stop();
  });

  const startWorkers = async (env: Record<string, string> = {}) => {
    hub = await spawnHub({
      NATS_URL: nats.url,
      HUB_WORKERS: "2",
      HUB_PUBLISH_TOKEN: TOKEN,
      HUB_SHUTDOWN_MS: "3000",
      ...env,
    });
    return hub;
  };

  it("refuses more than one worker without NATS_URL, with exit code 2", async () => {
    await expect(spawnHub({ HUB_WORKERS: "2" })).rejects.toThrow(
      /exited \(2\)[\s\S]*HUB_WORKERS: 2 workers need NATS_URL/,
    );
    await expect(spawnHub({ HUB_WORKERS: "auto" })).rejects.toThrow(
      /exited \(2\)[\s\S]*HUB_WORKERS: auto workers need NATS_URL/,
    );
  });

  it("serves clients from both workers on one port; an event reaches clients on both", async () => {
    const workers = await startWorkers();
    const clients = await Promise.all(
      Array.from({ length: 8 }, () => TestClient.ready(workers.wsUrl)),
    );
    const metrics = await scrape(workers.url);
    const perWorker = [
      sample(metrics, 'pulseboard_connections{worker="0"}'),
      sample(metrics, 'pulseboard_connections{worker="1"}'),
    ];
    expect(perWorker[0]).toBeGreaterThan(0);
    expect(perWorker[1]).toBeGreaterThan(0);
    expect((perWorker[0] ?? 0) + (perWorker[1] ?? 0)).toBe(8);
    expect(sample(metrics, 'pulseboard_workers{worker="primary"}')).toBe(2);

    const published = await publish(workers.url, [playback("global", 1)]);
    expect(published.status).toBe(200);
    for (const client of clients) {
      const [event] = await client.waitForEvents(1);
      expect(event).toMatchObject({ room: "global", type: "playback", data: { id: "p-1" } });
    }
  });

  it("on SIGTERM drains every worker (1001 to every client) and exits 0", async () => {
    const workers = await startWorkers();
    const clients = await Promise.all(
      Array.from({ length: 6 }, () => TestClient.ready(workers.wsUrl)),
    );
    workers.kill("SIGTERM");
    const closes = await Promise.all(clients.map((client) => client.closed));
    expect(closes.map((close) => close.code)).toEqual(closes.map(() => CloseCode.GOING_AWAY));
    expect(await workers.exited).toBe(0);
    expect(workers.output().match(/"msg":"shutdown complete"/g)).toHaveLength(2);
    expect(workers.output()).toContain('"msg":"every worker exited"');
  });

  it("drains once when the signal reaches the whole process group (primary and workers, in any order)", async () => {
    const workers = await startWorkers();
    const clients = await Promise.all(
      Array.from({ length: 4 }, () => TestClient.ready(workers.wsUrl)),
    );
    const workerPids = [
      ...workers.output().matchAll(/"pid":(\d+)[^\n]*"msg":"hub listening"/g),
    ].map((match) => Number(match[1]));
    expect(workerPids).toHaveLength(2);
    // The harder order: the primary's request reaches each worker first, then the group's
    // copy of the same signal (Ctrl-C, `timeout`, systemd's default stop).
    workers.kill("SIGTERM");
    await waitUntil(
      () => (workers.output().match(/"msg":"shutting down"/g) ?? []).length === 2,
      30_000,
      "both workers asked to drain by the primary",
    );
    for (const pid of workerPids) process.kill(pid, "SIGTERM");
    const closes = await Promise.all(clients.map((client) => client.closed));
    expect(closes.map((close) => close.code)).toEqual(closes.map(() => CloseCode.GOING_AWAY));
    expect(await workers.exited).toBe(0);
    expect(workers.output()).not.toContain("exiting now");
    expect(workers.output().match(/"msg":"shutdown complete"/g)).toHaveLength(2);
  });

  it("restarts a worker that dies, which then serves clients again", async () => {
    const workers = await startWorkers();
    const victim = listening(workers.output()).find((line) => line.worker === 1);
    expect(victim).toBeDefined();
    process.kill(victim?.pid ?? 0, "SIGKILL");
    await waitUntil(() => listening(workers.output()).length === 3, 20_000, "worker restarted");
    const [, , restarted] = listening(workers.output());
    expect(restarted?.worker).toBe(1);
    expect(restarted?.pid).not.toBe(victim?.pid);

    // Node's round-robin hands a connection to a worker that is free, so a worker still busy
    // starting up may miss some: connect one at a time until one lands on it (bounded).
    const clients: TestClient[] = [];
    let onRestarted = 0;
    while (onRestarted === 0 && clients.length < 16) {
      clients.push(await TestClient.ready(workers.wsUrl));
      onRestarted = sample(await scrape(workers.url), 'pulseboard_connections{worker="1"}') ?? 0;
    }
    expect(onRestarted).toBeGreaterThan(0);
    const metrics = await scrape(workers.url);
    expect(sample(metrics, 'pulseboard_worker_restarts_total{worker="primary"}')).toBe(1);
    for (const client of clients) client.close();
  });

  it("stops restarting workers that die on every start, and exits 1", async () => {
    // Nothing listens there: every worker fails to connect to NATS at start and exits 1.
    const unreachable = `nats://127.0.0.1:${await freePort()}`;
    const primary = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
      cwd: HUB_DIR,
      env: {
        ...process.env,
        HUB_HOST: "127.0.0.1",
        HUB_PORT: "0",
        HUB_AUTH: "none",
        HUB_LOG_LEVEL: "info",
        HUB_WORKERS: "2",
        NATS_URL: unreachable,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    primary.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    try {
      const code = await new Promise((resolve) => primary.once("exit", resolve));
      expect(code).toBe(1);
      // Exactly MAX_WORKER_RESTARTS when they die fast; more if a slow machine lets the oldest
      // restarts leave the window first. Either way the primary gives up.
      const restarts = output.match(/"msg":"worker died: restarting it"/g) ?? [];
      expect(restarts.length).toBeGreaterThanOrEqual(MAX_WORKER_RESTARTS);
      expect(output).toContain('"msg":"workers keep dying: stopping every worker"');
    } finally {
      if (primary.exitCode === null) primary.kill("SIGKILL");
    }
  }, 180_000);
});

async function scrape(url: string): Promise<string> {
  const res = await fetch(`${url}/metrics`);
  expect(res.status).toBe(200);
  return res.text();
}

function publish(url: string, events: unknown[]) {
  return fetch(`${url}/api/v1/publish`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${TOKEN}` },
    body: JSON.stringify(events),
  });
}

/** The value of one series (`name{labels}`) in a Prometheus text exposition. */
function sample(text: string, series: string): number | undefined {
  const line = text.split("\n").find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

/** The workers' "hub listening" log lines, in order: which worker, which process. */
function listening(output: string): { worker: number; pid: number }[] {
  return output
    .split("\n")
    .filter((line) => line.includes('"msg":"hub listening"'))
    .map((line) => JSON.parse(line) as { worker: number; pid: number });
}
