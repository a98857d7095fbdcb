import { PEER_HOST } from "./peer-runtime.js";

/**
 * The hub's settings in every Pulseboard peer: as it ships, but with no auth, quiet logs, no
 * demo producer and connection caps out of the way (the load generator opens thousands of
 * sockets from one address at once, which the production caps rightly refuse).
 */
export const BENCH_HUB_ENV: Readonly<Record<string, string>> = {
  HUB_HOST: PEER_HOST,
  HUB_AUTH: "none",
  HUB_DEMO: "0",
  HUB_LOG_LEVEL: "error",
  HUB_MAX_CONNECTIONS: "1000000",
  HUB_MAX_CONNECTIONS_PER_IP: "1000000",
  HUB_MAX_PENDING_CONNECTIONS: "1000000",
  HUB_MAX_PENDING_PER_IP: "1000000",
  HUB_SHUTDOWN_MS: "1000",
};
