import { connect, createServer, type Server } from "node:net";

/**
 * Ports are picked below the kernel's ephemeral range (32768–60999 by default), from which
 * every outgoing connection and every `listen(0)` on this machine takes its port: a port from
 * that range can be taken by any connection between being probed and being bound by the
 * server it was picked for. Below it, only a server binding that very port explicitly can.
 */
const RANGE_START = 20_000;
const RANGE_END = 32_000;

/**
 * `count` distinct ports that were free on 127.0.0.1 a moment ago (each checked by binding it;
 * all are held together while they are picked).
 */
export async function freePorts(count: number): Promise<number[]> {
  const held: Server[] = [];
  const ports: number[] = [];
  try {
    for (let tries = 0; ports.length < count; tries++) {
      if (tries > 200) throw new Error("no free ports found");
      const port = RANGE_START + Math.floor(Math.random() * (RANGE_END - RANGE_START));
      if (ports.includes(port)) continue;
      const server = await bind(port);
      if (server === undefined) continue;
      held.push(server);
      ports.push(port);
    }
    return ports;
  } finally {
    await Promise.all(
      held.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))),
    );
  }
}

/** One port that was free on 127.0.0.1 a moment ago (see `freePorts`). */
export async function freePort(): Promise<number> {
  const [port] = await freePorts(1);
  if (port === undefined) throw new Error("no free port found");
  return port;
}

function bind(port: number): Promise<Server | undefined> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(undefined));
    server.listen(port, "127.0.0.1", () => resolve(server));
  });
}

/** Whether something accepts TCP connections on 127.0.0.1:`port`. */
export function isListening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: "127.0.0.1", port });
    const done = (listening: boolean) => {
      socket.destroy();
      resolve(listening);
    };
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
    socket.setTimeout(2_000, () => done(false));
  });
}
