import { createStore, type StoreApi } from "zustand/vanilla";
import type { PulseData } from "./apply-batch.js";
import type { ConnectionState } from "./connection-state.js";
import { acknowledgeAlert } from "./reducers.js";

export interface PulseActions {
  /** Marks a detection alert acknowledged in this UI (not sent to the hub). */
  acknowledgeAlert(room: string, id: string | number): void;
}

export type PulseState = PulseData & PulseActions;
export type PulseStore = StoreApi<PulseState>;

/**
 * A framework-free zustand store of everything the dashboards show. Feed it with
 * `connectStore(store, connection)` (or use `createPulseClient`); read it with
 * `store.getState()`, `store.subscribe`, or the React hooks in `@pulseboard/client/react`.
 */
export function createPulseStore(
  connection: ConnectionState = { status: "connecting", attempt: 0 },
): PulseStore {
  return createStore<PulseState>()((set) => ({
    connection,
    rooms: {},
    presence: {},
    lastEventAt: undefined,
    latency: { roundTripMs: undefined, eventLagMs: undefined },
    acknowledgeAlert: (room, id) =>
      set((state) => {
        const current = state.rooms[room];
        if (current === undefined) return state;
        const next = acknowledgeAlert(current, id);
        return next === current ? state : { rooms: { ...state.rooms, [room]: next } };
      }),
  }));
}
