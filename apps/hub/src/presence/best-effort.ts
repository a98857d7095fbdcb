import type { EphemeralBus, EphemeralMessage } from "../broker/broker.js";
import type { BrokerLogger as Logger } from "../broker/logger.js";

/**
 * Presence and indicators are best effort: a closed or not yet started broker drops the message
 * (the next heartbeat repairs presence; an indicator is stale a moment later anyway).
 */
export function publishBestEffort(
  bus: EphemeralBus,
  logger: Logger,
  message: EphemeralMessage,
): void {
  try {
    bus.publishEphemeral(message);
  } catch (error) {
    logger.debug({ err: error }, "ephemeral publish failed");
  }
}
