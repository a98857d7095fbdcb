import { createServer as createHttpServer, type Server as HttpServer } from "node:http";
import { connect, createServer, type Server, type Socket } from "node:net";

/**
 * The dashboards' one hub address. `@pulseboard/client` takes a single URL, so to let a page
 * fail over from hub A to hub B the suite puts both behind this TCP proxy (as a load balancer
 * would be in production) and points NEXT_PUBLIC_HUB_URL at it. Each new connection goes to
 * the first hub of the current order that accepts a TCP connection; a connection never moves,
 * so when its hub dies the browser sees the socket close and reconnects (through the proxy, to
 * a hub that is alive). The order is set by the tests over a small HTTP control endpoint:
 * `PUT /order?hubs=a,b`. It runs inside the Playwright runner process (global setup), so it
 * dies with the run.
 */

export interface FailoverProxy {
  port: number;
  controlPort: number;
  close(): Promise<void>;
}

export async function startFailoverProxy(
  targets: Readonly<Record<string, number>>,
  initialOrder: readonly string[],
  ports: { port: number; controlPort: number },
): Promise<FailoverProxy> {
  let order = [...initialOrder];
  const sockets = new Set<Socket>();

  const forward = (client: Socket, candidates: readonly string[]) => {
    const [name, ...rest] = candidates;
    const port = name === undefined ? undefined : targets[name];
    if (port === undefined) {
      client.destroy();
      return;
    }
    const upstream = connect({ host: "127.0.0.1", port });
    sockets.add(upstream);
    let connected = false;
    upstream.once("connect", () => {
      connected = true;
      client.pipe(upstream);
      upstream.pipe(client);
      client.resume();
    });
    const teardown = () => {
      sockets.delete(upstream);
      upstream.destroy();
      if (connected) client.destroy();
    };
    upstream.on("error", () => {
      // Refused: that hub is down, try the next one.
      if (!connected) forward(client, rest);
    });
    upstream.on("close", teardown);
    client.on("close", () => upstream.destroy());
  };

  const server: Server = createServer((client) => {
    client.pause();
    sockets.add(client);
    client.on("error", () => client.destroy());
    client.on("close", () => sockets.delete(client));
    forward(client, order);
  });

  const control: HttpServer = createHttpServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://control");
    if (url.pathname === "/order" && request.method === "PUT") {
      const hubs = (url.searchParams.get("hubs") ?? "").split(",").filter((hub) => hub !== "");
      if (hubs.length === 0 || hubs.some((hub) => targets[hub] === undefined)) {
        response.writeHead(400).end("unknown hub\n");
        return;
      }
      order = hubs;
    }
    if (url.pathname === "/order") {
      response.writeHead(200, { "content-type": "application/json" });
      response.end(JSON.stringify({ order }));
      return;
    }
    response.writeHead(404).end();
  });

  await listen(server, ports.port);
  await listen(control, ports.controlPort);
  // Neither keeps the runner alive: the run ends when the tests end.
  server.unref();
  control.unref();
  return {
    port: ports.port,
    controlPort: ports.controlPort,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await Promise.all([close(server), close(control)]);
    },
  };
}

function listen(server: Server | HttpServer, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
}

function close(server: Server | HttpServer): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}
