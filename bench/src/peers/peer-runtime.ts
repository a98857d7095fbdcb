import { getHeapSpaceStatistics } from "node:v8";
import { sleep } from "../clock.js";
import { announceReady, serveRpc } from "../ipc.js";
import type { PlaybackData } from "../payload.js";
import { type ProducePlan, produce } from "./producer.js";

/** What each peer provides; the runtime adds the control channel and the producer. */
export interface PeerServer {
  port: number;
  /** Broadcast one event to every connected client, the peer's own way. */
  emit(data: PlaybackData): void;
  /**
   * CPU, memory and connections of a peer that runs in other processes (a hub cluster and its
   * broker); without it, this process's own figures. `detailed` asks for the parts that cost
   * the peer work to read (its heap and connection count, scraped from its metrics): only the
   * idle and capacity measurements need them, never a phase's CPU reading.
   */
  usage?(detailed: boolean): Promise<PeerStats>;
  connections(): number;
  close(): Promise<void>;
}

export interface PeerInfo {
  name: string;
  port: number;
  pid: number;
}

export interface PeerStats {
  cpu: NodeJS.CpuUsage;
  /** Only rss and heapUsed are read; other processes' heaps are NaN when not `detailed`. */
  memory: Pick<NodeJS.MemoryUsage, "rss" | "heapUsed">;
  connections: number;
  /**
   * CPU of the broker the peer needs beside it (nats-server), not part of `cpu`: reported
   * apart, since the in-process peers have no broker to charge.
   */
  brokerCpu?: NodeJS.CpuUsage;
  /** False when the peer's memory was read without forced collections (other processes). */
  collected?: boolean;
  /** V8's young generation as reserved now (in-process peers): it grows under allocation. */
  newSpaceBytes?: number;
}

function newSpaceBytes(): number {
  return (
    getHeapSpaceStatistics().find((space) => space.space_name === "new_space")?.space_size ?? 0
  );
}

export const PEER_HOST = "127.0.0.1";

function stats(server: PeerServer, detailed = false): Promise<PeerStats> | PeerStats {
  if (server.usage !== undefined) return server.usage(detailed);
  return {
    cpu: process.cpuUsage(),
    memory: process.memoryUsage(),
    connections: server.connections(),
    collected: true,
    newSpaceBytes: newSpaceBytes(),
  };
}

/**
 * Runs a peer as a child process: its server on 127.0.0.1, and requests from the
 * orchestrator: `stats` (process CPU and memory, measured here so the load generator's CPU is
 * excluded), `gc` (full collections, then memory), `publish` (the producer), `stop`.
 */
export async function runPeer(name: string, start: () => Promise<PeerServer>): Promise<void> {
  const server = await start();
  serveRpc({
    stats: () => stats(server),
    gc: async () => {
      // Another process's heap cannot be collected from here: its memory is read as it is.
      if (server.usage !== undefined) return stats(server, true);
      const gc = globalThis.gc;
      if (gc === undefined) throw new Error("peer started without --expose-gc");
      for (let i = 0; i < 3; i++) {
        gc();
        await sleep(30);
      }
      return stats(server);
    },
    publish: (payload) => produce(payload as ProducePlan, (data) => server.emit(data)),
    stop: async () => {
      const deadline = sleep(3_000);
      await Promise.race([server.close().catch(() => {}), deadline]);
      setImmediate(() => process.exit(0));
    },
  });
  announceReady({ name, port: server.port, pid: process.pid } satisfies PeerInfo);
}
