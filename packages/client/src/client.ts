import { type ConnectStoreOptions, connectStore } from "./connect-store.js";
import { type Connection, type ConnectionOptions, createConnection } from "./connection.js";
import { createPulseStore, type PulseStore } from "./store.js";

export interface PulseClient {
  connection: Connection;
  store: PulseStore;
  /** Closes the connection and stops feeding the store. */
  close(): void;
}

/** A connection and a store fed by it: what a dashboard page needs. */
export function createPulseClient(
  options: ConnectionOptions & { store?: ConnectStoreOptions },
): PulseClient {
  const { store: storeOptions, ...connectionOptions } = options;
  const connection = createConnection(connectionOptions);
  const store = createPulseStore(connection.getState());
  const disconnect = connectStore(store, connection, {
    now: connectionOptions.now,
    timers: connectionOptions.timers,
    ...storeOptions,
  });
  return {
    connection,
    store,
    close() {
      connection.close();
      disconnect();
    },
  };
}
