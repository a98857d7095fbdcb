import type { JetStreamClient, JetStreamManager } from "@nats-io/jetstream";
import type { BrokerLogger } from "../logger.js";
import type { SubjectRouting } from "./subjects.js";

/**
 * What the NATS engine's parts (live feed, replay, latest-value seed) share of one connection.
 * A hub has two: the live feed's, and one for catch-up reads (replays, seeds).
 */
export interface NatsContext {
  js: JetStreamClient;
  jsm: JetStreamManager;
  stream: string;
  routing: SubjectRouting;
  logger: BrokerLogger;
}
