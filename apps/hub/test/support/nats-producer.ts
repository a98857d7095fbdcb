import { jetstream } from "@nats-io/jetstream";
import { connect, type NatsConnection } from "@nats-io/transport-node";

export interface NatsProducer {
  /**
   * Publishes `data` on `subject` and resolves with the stream seq once JetStream acked it.
   * Retries through outages with the same message id, so a retry never stores a duplicate.
   */
  publish(subject: string, data: unknown): Promise<number>;
  close(): Promise<void>;
}

let counter = 0;

/** A producer as a media server would be one: a plain NATS client publishing JSON. */
export async function connectProducer(servers: string | string[]): Promise<NatsProducer> {
  const nc: NatsConnection = await connect({
    servers,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 200,
  });
  const js = jetstream(nc, { timeout: 2_000 });
  return {
    async publish(subject, data) {
      const msgID = `test-${process.pid}-${++counter}`;
      const body = JSON.stringify(data);
      for (let attempt = 0; ; attempt++) {
        try {
          const ack = await js.publish(subject, body, { msgID });
          return ack.seq;
        } catch (error) {
          if (attempt > 150) throw error;
          await new Promise((resolve) => setTimeout(resolve, 200));
        }
      }
    },
    close: () => nc.drain(),
  };
}
