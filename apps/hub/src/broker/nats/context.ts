import type { JetStreamClient, JetStreamManager } from "@nats-io/jetstream";
import type { BrokerLogger } from "../logger.js";
import type { SubjectRouting } from "./subjects.js";

/** What the NATS engine's parts (live feed, replay, snapshot) share of one connection. */
export interface NatsContext {
  js: JetStreamClient;
  jsm: JetStreamManager;
  stream: string;
  routing: SubjectRouting;
  logger: BrokerLogger;
}
