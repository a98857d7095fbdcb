import { connect } from "@nats-io/transport-node";

/**
 * Counts JetStream consumers created on a nats-server (each stream read of a hub opens one),
 * by listening to the consumer-create API subjects with a connection of its own.
 */
export interface ConsumerCreates {
  /** Consumers created while `action` ran (the round trips order the hub's requests). */
  during(action: () => Promise<void>): Promise<number>;
  close(): Promise<void>;
}

export async function countConsumerCreates(servers: string): Promise<ConsumerCreates> {
  const admin = await connect({ servers });
  let creates = 0;
  const subscription = admin.subscribe("$JS.API.CONSUMER.CREATE.>", {
    callback: () => {
      creates++;
    },
  });
  await admin.flush();
  return {
    async during(action) {
      await admin.flush();
      const before = creates;
      await action();
      await admin.flush();
      return creates - before;
    },
    async close() {
      subscription.unsubscribe();
      await admin.close();
    },
  };
}
