import { createConnection, createServer, type Server, type Socket } from "node:net";

/**
 * A loopback TCP proxy in front of a server, so a test can hold back what the server sends to
 * one client (`pause`) without touching the server: the client then falls behind
 * deterministically, however fast or slow the machine is.
 */
export interface TcpProxy {
  readonly port: number;
  readonly url: string;
  /** Stops forwarding server → client bytes on the current connections (they buffer). */
  pause(): void;
  /** Cuts every current connection, as a network failure would; new ones are accepted. */
  drop(): void;
  close(): Promise<void>;
}

export async function startTcpProxy(targetPort: number): Promise<TcpProxy> {
  const upstreams = new Set<Socket>();
  const clients = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = createConnection({ host: "127.0.0.1", port: targetPort });
    upstreams.add(upstream);
    clients.add(client);
    client.pipe(upstream);
    upstream.pipe(client);
    // Either side ending ends both, like a direct connection would.
    const teardown = () => {
      upstreams.delete(upstream);
      clients.delete(client);
      client.destroy();
      upstream.destroy();
    };
    client.on("error", teardown).on("close", teardown);
    upstream.on("error", teardown).on("close", teardown);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;
  return {
    port,
    url: `nats://127.0.0.1:${port}`,
    pause() {
      for (const upstream of upstreams) {
        upstream.unpipe();
        upstream.pause();
      }
    },
    drop() {
      // A paused socket never reads the peer's FIN, so closing must be done from here.
      for (const socket of [...clients, ...upstreams]) socket.destroy();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of [...clients, ...upstreams]) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
