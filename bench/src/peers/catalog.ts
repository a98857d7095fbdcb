/** The peers a run compares: how to start each one and how a client connects to it. */

export type PeerName = "pulseboard" | "socketio" | "naive-ws";

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
}

export const PEERS: Record<PeerName, PeerSpec> = {
  pulseboard: {
    name: "pulseboard",
    label: "Pulseboard",
    entry: "./peers/pulseboard.ts",
    path: "/ws",
    dialect: "pulseboard",
  },
  socketio: {
    name: "socketio",
    label: "Socket.IO",
    entry: "./peers/socketio.ts",
    path: "/socket.io/?EIO=4&transport=websocket",
    dialect: "socketio",
  },
  "naive-ws": {
    name: "naive-ws",
    label: "naive ws",
    entry: "./peers/naive-ws.ts",
    path: "/ws",
    dialect: "plain",
  },
};

export function isPeerName(value: string): value is PeerName {
  return Object.hasOwn(PEERS, value);
}
