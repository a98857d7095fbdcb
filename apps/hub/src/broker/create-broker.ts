import type { HubConfig } from "../config.js";
import type { Logger } from "../logger.js";
import type { Broker } from "./broker.js";
import { MemoryBroker } from "./memory/memory-broker.js";
import { NatsBroker } from "./nats/nats-broker.js";

/** The embedded memory broker unless NATS_URL names NATS servers. */
export function createBroker(
  config: HubConfig,
  logger: Logger,
  onInvalidEvent: (reason: string) => void,
): Broker {
  if (config.natsUrl === undefined) {
    return new MemoryBroker({ retention: config.memoryRetention });
  }
  return new NatsBroker({
    servers: config.natsUrl.split(",").map((url) => url.trim()),
    stream: config.nats.stream,
    maxAgeMs: config.nats.maxAgeMs,
    maxBytes: config.nats.maxBytes,
    replicas: config.nats.replicas,
    playbackSubject: config.nats.playbackSubject,
    upstream: config.nats.upstream,
    upstreamHistoryMs: config.nats.upstreamHistoryMs,
    defaultRoom: config.defaultRooms[0] ?? "global",
    logger: logger.child({ component: "nats" }),
    onInvalidEvent,
  });
}
