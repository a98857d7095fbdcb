import { createHubApp, type HubApp, loadConfig } from "@pulseboard/hub";
import type { PublishInput } from "@pulseboard/protocol";

export interface RunningHub {
  app: HubApp;
  port: number;
  wsUrl: string;
  publish(events: PublishInput[]): Promise<number[]>;
  /** Closes every connection from the server side without a close frame (a dropped link). */
  dropConnections(): void;
  /** Closes every connection with `code`, as the hub itself would (e.g. 4008). */
  closeConnections(code: number, reason: string): void;
  shutdown(): Promise<void>;
}

/** A real hub in this process, on 127.0.0.1 and an ephemeral port unless one is given. */
export async function startHub(env: Record<string, string> = {}): Promise<RunningHub> {
  const config = loadConfig({
    HUB_HOST: "127.0.0.1",
    HUB_PORT: "0",
    HUB_LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "silent",
    HUB_SHUTDOWN_MS: "2000",
    HUB_AUTH: "none",
    ...env,
  });
  const app = createHubApp(config);
  const { url, port } = await app.start();
  return {
    app,
    port,
    wsUrl: `${url.replace(/^http/, "ws")}/ws`,
    publish: (events) => app.broker.publish(events),
    dropConnections() {
      for (const client of app.hub.clients) client.socket.terminate();
    },
    closeConnections(code, reason) {
      for (const client of app.hub.clients) client.close(code, reason);
    },
    shutdown: () => app.shutdown(),
  };
}
