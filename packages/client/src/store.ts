import { createStore, type StoreApi } from "zustand/vanilla";
import type { PulseData } from "./apply-batch.js";
import type { ConnectionState } from "./connection-state.js";
import type { RoomState } from "./room-state.js";

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
 *
 * `rooms`: what the store starts with, e.g. `{ [room]: roomFromState(state, …) }` for a page
 * rendered on the server. It is the store's initial state, which React reads on the server and
 * while hydrating (`useSyncExternalStore`'s server snapshot), so both renders show it; a
 * `hydrateRoom` after creation would not be seen there.
 */
export function createPulseStore(
  connection: ConnectionState = { status: "connecting", attempt: 0 },
  rooms: Readonly<Record<string, RoomState>> = {},
): PulseStore {
  return createStore<PulseState>()(() => ({
    connection,
    rooms,
    presence: {},
    lastEventAt: undefined,
    latency: { roundTripMs: undefined, eventLagMs: undefined },
  }));
}
