import type { Client } from "../client.js";
import type { HubConfig } from "../config.js";
import type { Logger } from "../logger.js";
import { ProcessDenyStore } from "./deny-store.js";
import { NatsDenyStore } from "./nats-deny-store.js";
import { Revocations } from "./revocations.js";

/** The deny list in NATS KV (`<stream>_DENY`) with the NATS engine, in process otherwise. */
export function createRevocations(
  config: HubConfig,
  logger: Logger,
  clients: () => Iterable<Client>,
): Revocations {
  const natsUrl = config.natsUrl;
  return new Revocations({
    clients,
    logger,
    maxSeconds: config.admin.revokeMaxSeconds,
    leewaySeconds: config.auth.leewaySeconds,
    openStore: async () =>
      natsUrl === undefined
        ? new ProcessDenyStore()
        : NatsDenyStore.open({
            servers: natsUrl.split(",").map((url) => url.trim()),
            bucket: `${config.nats.stream}_DENY`,
            maxAgeSeconds: config.admin.revokeMaxSeconds + config.auth.leewaySeconds,
            replicas: config.nats.replicas,
            logger,
          }),
  });
}
