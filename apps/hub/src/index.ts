/** Programmatic entry for tests, benchmarks and embedding: build a hub without a process. */
export { createHubApp, type HubApp } from "./app.js";
export type { Broker, BrokerEvent, StreamPosition } from "./broker/broker.js";
export { MemoryBroker } from "./broker/memory/memory-broker.js";
export { ConfigError, type HubConfig, loadConfig } from "./config.js";
export { Hub } from "./hub.js";
