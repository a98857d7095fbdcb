import { createHubApp } from "./app.js";
import { ConfigError, loadConfig } from "./config.js";
import { BROKER_CLOSE_TIMEOUT_MS } from "./defaults.js";
import { createLogger } from "./logger.js";

/** Process entry: config from the environment, signals, exit codes. */
async function main(): Promise<void> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`pulseboard-hub: ${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const logger = createLogger(config.logLevel);
  const app = createHubApp(config, logger);

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ signal }, "second signal: exiting now");
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal, deadline_ms: config.shutdownMs }, "shutting down");
    // The deadline is a promise to the orchestrator: never overrun it by much.
    setTimeout(
      () => {
        logger.error("shutdown deadline passed; exiting");
        process.exit(1);
      },
      config.shutdownMs + BROKER_CLOSE_TIMEOUT_MS + 1_000,
    ).unref();
    app.shutdown().then(
      () => {
        logger.info("shutdown complete");
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ err: error }, "shutdown failed");
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);

  const { url } = await app.start();
  const wsUrl = `${url.replace(/^http/, "ws")}/ws`;
  logger.info(
    {
      url,
      ws: wsUrl,
      broker: config.natsUrl === undefined ? "memory" : "nats",
      demo: config.demo.enabled,
    },
    "hub listening",
  );
  process.stderr.write(`\nPulseboard hub ready: ${url}  (WebSocket: ${wsUrl})\n\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`pulseboard-hub: failed to start: ${String(error)}\n`);
  process.exit(1);
});
