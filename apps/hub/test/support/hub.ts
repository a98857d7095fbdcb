import type { PublishInput } from "@pulseboard/protocol";
import { createHubApp, type HubApp } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import { createLogger } from "../../src/logger.js";

export interface TestHub {
  app: HubApp;
  url: string;
  wsUrl: string;
  publish(events: PublishInput[]): Promise<number[]>;
  close(): Promise<void>;
}

/** A real hub on an ephemeral 127.0.0.1 port, configured through the same env parsing as production. */
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
  const { url } = await app.start();
  return {
    app,
    url,
    wsUrl: `${url.replace(/^http/, "ws")}/ws`,
    publish: (events) => app.broker.publish(events),
    close: () => app.shutdown(),
  };
}
