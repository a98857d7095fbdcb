/** The peers a run compares: how to start each one and how a client connects to it. */

export type PeerName =
  | "pulseboard"
  | "pulseboard-1w"
  | "pulseboard-2w"
  | "socketio"
  | "naive-ws"
  | "write-floor";

/** How the load generator speaks to a peer once the WebSocket is open. */
export type ClientDialect =
  /** Ready at `welcome`; events are `{"type":..,"data":{..},"room","seq","ts"}`. */
  | "pulseboard"
  /** Engine.IO v4 + Socket.IO v5 over a bare WebSocket: `0{open}` → `40` → `40{sid}`. */
  | "socketio"
  /** Ready at the 101; events are `{"type":..,"data":{..}}`. */
  | "plain";

export interface PeerSpec {
  name: PeerName;
  label: string;
  /** Child process entry, relative to bench/src/processes.ts. */
  entry: string;
  path: string;
  dialect: ClientDialect;
  /** Pulseboard itself (compared with the peers), or a peer it is compared with. */
  ours: boolean;
  /**
   * A reference row, not a hub (the write floor): Pulseboard's ratio to it is shown, but it is
   * never "the best peer" of a target, and it takes no capacity test.
   */
  reference?: boolean;
  /**
   * One process holds every connection: only such peers take the capacity test ("most idle
   * connections held by one process").
   */
  singleProcess: boolean;
  /** Variables for the peer's process. */
  env?: Record<string, string>;
}

/** Pulseboard's hub cluster on a real nats-server, `workers` hub processes (see its entry). */
function pulseboardCluster(workers: number): Omit<PeerSpec, "name"> {
  return {
    label: `Pulseboard, NATS, ${workers} worker${workers === 1 ? "" : "s"}`,
    entry: "./peers/pulseboard-cluster.ts",
    path: "/ws",
    dialect: "pulseboard",
    ours: true,
    singleProcess: false,
    env: { BENCH_HUB_WORKERS: String(workers) },
  };
}

export const PEERS: Record<PeerName, PeerSpec> = {
  pulseboard: {
    name: "pulseboard",
    label: "Pulseboard",
    entry: "./peers/pulseboard.ts",
    path: "/ws",
    dialect: "pulseboard",
    ours: true,
    singleProcess: true,
  },
  "pulseboard-1w": { name: "pulseboard-1w", ...pulseboardCluster(1) },
  "pulseboard-2w": { name: "pulseboard-2w", ...pulseboardCluster(2) },
  socketio: {
    name: "socketio",
    label: "Socket.IO",
    entry: "./peers/socketio.ts",
    path: "/socket.io/?EIO=4&transport=websocket",
    dialect: "socketio",
    ours: false,
    singleProcess: true,
  },
  "naive-ws": {
    name: "naive-ws",
    label: "naive ws",
    entry: "./peers/naive-ws.ts",
    path: "/ws",
    dialect: "plain",
    ours: false,
    singleProcess: true,
  },
  "write-floor": {
    name: "write-floor",
    label: "write floor",
    entry: "./peers/write-floor.ts",
    path: "/ws",
    dialect: "plain",
    ours: false,
    reference: true,
    singleProcess: true,
  },
};

export function isPeerName(value: string): value is PeerName {
  return Object.hasOwn(PEERS, value);
}
