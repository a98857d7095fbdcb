import { createStore, type StoreApi } from "zustand/vanilla";
import type { PulseData } from "./apply-batch.js";
import type { ConnectionState } from "./connection-state.js";

/**
 * The store's state. It has no actions: what the store shows changes only through the hub
 * (acknowledging an alert is `connection.append`, which comes back as an event), through
 * `hydrateRoom` and through `loadOlderEvents`.
 */
export type PulseState = PulseData;
export type PulseStore = StoreApi<PulseState>;

/**
 * A framework-free zustand store of everything the dashboards show. Feed it with
 * `connectStore(store, connection)` (or use `createPulseClient`); read it with
 * `store.getState()`, `store.subscribe`, or the React hooks in `@pulseboard/client/react`.
 */
export function createPulseStore(
  connection: ConnectionState = { status: "connecting", attempt: 0 },
): PulseStore {
  return createStore<PulseState>()(() => ({
    connection,
    rooms: {},
    presence: {},
    lastEventAt: undefined,
    latency: { roundTripMs: undefined, eventLagMs: undefined },
  }));
}
