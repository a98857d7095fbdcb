import type { NatsConnection, Subscription } from "@nats-io/transport-node";
import type { EphemeralListener, EphemeralMessage } from "../broker.js";
import type { BrokerLogger } from "../logger.js";
import { EPHEMERAL_PREFIX, ephemeralSubject } from "./subjects.js";

/**
 * The ephemeral channel on core NATS: one wildcard subscription per hub, plain publishes, no
 * JetStream (nothing stored, no sequence, at most once). One subscription keeps the order of
 * each publisher's messages, which presence relies on (a state report, then its deltas).
 */
export class NatsEphemeral {
  private readonly listeners = new Set<EphemeralListener>();
  private readonly subscription: Subscription;

  constructor(
    private readonly nc: NatsConnection,
    private readonly logger: BrokerLogger,
  ) {
    this.subscription = nc.subscribe(`${EPHEMERAL_PREFIX}.>`, {
      callback: (error, message) => {
        if (error !== null) {
          logger.warn({ err: error }, "ephemeral subscription error");
          return;
        }
        const channel = message.subject.slice(EPHEMERAL_PREFIX.length + 1);
        let data: unknown;
        try {
          data = message.json();
        } catch {
          logger.warn({ subject: message.subject }, "ephemeral message is not JSON; dropped");
          return;
        }
        this.emit({ channel, data });
      },
    });
  }

  publish(message: EphemeralMessage): void {
    this.nc.publish(ephemeralSubject(message.channel), JSON.stringify(message.data ?? null));
  }

  subscribe(listener: EphemeralListener): () => void {
    const wrapped: EphemeralListener = (message) => listener(message);
    this.listeners.add(wrapped);
    return () => {
      this.listeners.delete(wrapped);
    };
  }

  close(): void {
    this.listeners.clear();
    this.subscription.unsubscribe();
  }

  private emit(message: EphemeralMessage): void {
    for (const listener of this.listeners) {
      try {
        listener(message);
      } catch (error) {
        this.logger.error({ err: error, channel: message.channel }, "ephemeral listener threw");
      }
    }
  }
}
