import { type PublishInput, validatePublishInput } from "@pulseboard/protocol";
import { createHubApp, type HubApp } from "./app.js";
import { loadConfig } from "./config.js";
import { createLogger } from "./logger.js";

/**
 * A real hub in this process for tests of the hub and of its clients (`@pulseboard/hub/testing`):
 * 127.0.0.1, an ephemeral port unless HUB_PORT says otherwise, open auth unless the test turns
 * it on, configured through the same environment parsing as production.
 */
export interface TestHub {
  app: HubApp;
  url: string;
  port: number;
  wsUrl: string;
  /**
   * Validates each input as the publish API does (throws on the first invalid one) and hands
   * them to the hub's broker; returns their sequences.
   */
  publish(events: PublishInput[]): Promise<number[]>;
  /** The connections as the hub sees them now: whether each is still open, and its rooms. */
  connections(): TestConnection[];
  /** Fault injection: ends every connection without a close frame, as a dropped link would. */
  dropConnections(): void;
  /** Graceful shutdown, as on SIGTERM. */
  close(): Promise<void>;
}

export interface TestConnection {
  /** False from the moment the hub decided to close it (a close frame may still be on its way). */
  open: boolean;
  rooms: string[];
}

export async function startTestHub(env: Record<string, string> = {}): Promise<TestHub> {
  const config = loadConfig({
    HUB_HOST: "127.0.0.1",
    HUB_PORT: "0",
    HUB_LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "silent",
    HUB_SHUTDOWN_MS: "2000",
    HUB_AUTH: "none",
    ...env,
  });
  const app = createHubApp(config, createLogger(config.logLevel));
  const { url, port } = await app.start();
  return {
    app,
    url,
    port,
    wsUrl: `${url.replace(/^http/, "ws")}/ws`,
    publish: async (events) => {
      const checked = events.map((event, index) => {
        const result = validatePublishInput(event);
        if (!result.ok) throw new TypeError(`event ${index}: ${result.error.message}`);
        return result.value;
      });
      return (await app.broker.publish(checked)).seqs;
    },
    connections: () =>
      [...app.hub.clients].map((client) => ({ open: client.isOpen, rooms: [...client.rooms] })),
    dropConnections() {
      for (const client of app.hub.clients) client.socket.terminate();
    },
    close: () => app.shutdown(),
  };
}
