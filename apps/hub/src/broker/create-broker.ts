import type { HubConfig } from "../config.js";
import type { Logger } from "../logger.js";
import type { Broker } from "./broker.js";
import { MemoryBroker } from "./memory.js";

/** The embedded memory broker unless NATS_URL names a NATS server. */
export function createBroker(
  config: HubConfig,
  _logger: Logger,
  _onInvalidEvent: (reason: string) => void,
): Broker {
  if (config.natsUrl !== undefined) {
    throw new Error("NATS_URL is set but the nats engine is not wired yet");
  }
  return new MemoryBroker({ retention: config.memoryRetention });
}
