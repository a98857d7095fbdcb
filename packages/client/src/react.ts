import { useStore } from "zustand";
import type { ConnectionState } from "./connection-state.js";
import type { RoomState } from "./room-state.js";
import type { PulseState, PulseStore } from "./store.js";

/** Selects from the store and re-renders when the selected value changes (Object.is). */
export function usePulseStore<T>(store: PulseStore, selector: (state: PulseState) => T): T {
  return useStore(store, selector);
}

/** One room's state; undefined until its first event or reset. */
export function useRoom(store: PulseStore, room: string): RoomState | undefined {
  return useStore(store, (state) => state.rooms[room]);
}

export function useConnectionState(store: PulseStore): ConnectionState {
  return useStore(store, (state) => state.connection);
}
