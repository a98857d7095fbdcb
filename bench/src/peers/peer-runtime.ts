import { sleep } from "../clock.js";
import { announceReady, serveRpc } from "../ipc.js";
import type { PlaybackData } from "../payload.js";
import { type ProducePlan, produce } from "./producer.js";

/** What each peer provides; the runtime adds the control channel and the producer. */
export interface PeerServer {
  port: number;
  /** Broadcast one event to every connected client, the peer's own way. */
  emit(data: PlaybackData): void;
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
  memory: NodeJS.MemoryUsage;
  connections: number;
}

export const PEER_HOST = "127.0.0.1";

function stats(server: PeerServer): PeerStats {
  return {
    cpu: process.cpuUsage(),
    memory: process.memoryUsage(),
    connections: server.connections(),
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
