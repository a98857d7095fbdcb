import { connect } from "node:net";
import { nowUs, sleep } from "../clock.js";
import { announceReady, serveRpc } from "../ipc.js";
import type { ClientDialect } from "../peers/catalog.js";
import { type HistogramData, LatencyHistogram } from "../stats/histogram.js";
import { type EventSink, LoadConnection } from "./connection.js";

/**
 * A load worker process: holds its share of the connections and counts what arrives. The
 * orchestrator starts one per core. Requests: `connect` (top up to a count), `begin` (start a
 * phase), `collect` (wait for the phase's frames, return counts and latencies), `close`.
 */

export interface ConnectRequest {
  port: number;
  path: string;
  dialect: ClientDialect;
  /** Connections this worker should hold (it opens only the missing ones). */
  count: number;
  /** Global index of this worker's first connection, to pick source addresses. */
  firstIndex: number;
  /** Connections per source address: 127.0.0.1, then 127.0.0.2, ... */
  perAddress: number;
  concurrency: number;
  timeoutMs: number;
}

export interface ConnectResult {
  open: number;
  opened: number;
  failed: number;
  errors: string[];
  ms: number;
}

export interface CollectRequest {
  published: number;
  timeoutMs: number;
}

export interface CollectResult {
  /** Connections open when the phase began. */
  clients: number;
  /** Connections still open now. */
  open: number;
  received: number;
  expected: number;
  /** Frames from an earlier phase (sent before this one began), not counted. */
  stale: number;
  histogram: HistogramData;
  /** This worker's CPU over the phase, as a fraction of one core. */
  cpuShare: number;
}

const connections = new Set<LoadConnection>();
const histogram = new LatencyHistogram();
let phaseStartUs = Number.POSITIVE_INFINITY;
let received = 0;
let stale = 0;
let phaseClients = 0;
let phaseCpu = process.cpuUsage();
let phaseWallUs = nowUs();

const sink: EventSink = {
  event(sentUs, arrivedUs) {
    if (sentUs < phaseStartUs) {
      stale++;
      return;
    }
    received++;
    histogram.record(arrivedUs - sentUs);
  },
};

function sourceAddress(index: number, perAddress: number): string {
  const host = 1 + Math.floor(index / perAddress);
  if (host > 254) throw new Error("out of 127.0.0.x source addresses");
  return `127.0.0.${host}`;
}

function openOne(request: ConnectRequest, index: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connect({
      host: "127.0.0.1",
      port: request.port,
      localAddress: sourceAddress(index, request.perAddress),
    });
    const connection = new LoadConnection(socket, request.dialect, sink);
    let settled = false;
    const settle = (error?: Error): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (error === undefined) {
        connections.add(connection);
        resolve();
      } else {
        socket.destroy();
        reject(error);
      }
    };
    const timer = setTimeout(() => settle(new Error("connect timed out")), request.timeoutMs);
    connection.onReady = () => settle();
    connection.onFailure = (error) => settle(error);
    socket.setNoDelay(true);
    socket.once("connect", () => connection.start(request.path, request.port));
    socket.on("data", (chunk: Buffer) => connection.onData(chunk));
    socket.on("error", (error) => settle(error));
    socket.once("close", () => {
      connections.delete(connection);
      settle(new Error("closed during handshake"));
    });
  });
}

async function connectAll(request: ConnectRequest): Promise<ConnectResult> {
  const started = Date.now();
  const missing = Math.max(0, request.count - connections.size);
  const base = request.firstIndex + connections.size;
  let next = 0;
  let opened = 0;
  let failed = 0;
  const errors = new Map<string, number>();
  const deadline = started + request.timeoutMs;
  const lane = async (): Promise<void> => {
    while (next < missing && Date.now() < deadline) {
      const index = base + next++;
      try {
        await openOne(request, index);
        opened++;
      } catch (error) {
        failed++;
        const message = error instanceof Error ? error.message : String(error);
        errors.set(message, (errors.get(message) ?? 0) + 1);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, request.concurrency) }, lane));
  return {
    open: connections.size,
    opened,
    failed,
    errors: [...errors].map(([message, count]) => `${count}× ${message}`),
    ms: Date.now() - started,
  };
}

serveRpc({
  connect: (payload) => connectAll(payload as ConnectRequest),
  begin: () => {
    histogram.reset();
    received = 0;
    stale = 0;
    phaseClients = connections.size;
    phaseCpu = process.cpuUsage();
    phaseWallUs = nowUs();
    phaseStartUs = phaseWallUs;
    return { clients: phaseClients };
  },
  collect: async (payload): Promise<CollectResult> => {
    const { published, timeoutMs } = payload as CollectRequest;
    const expected = published * phaseClients;
    const deadline = Date.now() + timeoutMs;
    while (received < expected && Date.now() < deadline) await sleep(10);
    const cpu = process.cpuUsage(phaseCpu);
    const wallUs = nowUs() - phaseWallUs;
    phaseStartUs = Number.POSITIVE_INFINITY; // late frames of this phase count as stale later
    return {
      clients: phaseClients,
      open: connections.size,
      received,
      expected,
      stale,
      histogram: histogram.snapshot(),
      cpuShare: (cpu.user + cpu.system) / Math.max(1, wallUs),
    };
  },
  close: async () => {
    // RST instead of FIN: no TIME_WAIT, so source ports are free again for the next phase.
    for (const connection of connections) connection.socket.resetAndDestroy();
    connections.clear();
    await sleep(50);
    return { open: connections.size };
  },
  stop: () => {
    for (const connection of connections) connection.socket.resetAndDestroy();
    setImmediate(() => process.exit(0));
  },
});
announceReady({ pid: process.pid });
