import { applyBatch, type Ingest, refreshRates } from "./apply-batch.js";
import type { Connection } from "./connection.js";
import { RATE_TICK_MS } from "./defaults.js";
import { Batcher, type FlushScheduler } from "./flush-scheduler.js";
import { nextIndicatorExpiry, pruneAllIndicators } from "./presence-reducers.js";
import type { RoomState } from "./room-state.js";
import type { PulseStore } from "./store.js";
import { defaultNow, defaultTimers, TimerSlot, type Timers } from "./timers.js";

export interface ConnectStoreOptions {
  /** When buffered events are applied; default: once per animation frame, or setTimeout(0). */
  schedule?: FlushScheduler;
  /** How often idle rooms' rates are recomputed so they decay; default 5 s. */
  rateTickMs?: number;
  now?: () => number;
  timers?: Timers;
}

/**
 * Feeds a store from a connection: events and resets are buffered and applied in one
 * `setState` per flush, in arrival order; state changes and round trips go in at once (they
 * are rare). Returns the function that stops feeding (after applying what is buffered).
 */
export function connectStore(
  store: PulseStore,
  connection: Connection,
  options: ConnectStoreOptions = {},
): () => void {
  const now = options.now ?? defaultNow;
  const timers = options.timers ?? defaultTimers;
  // Indicators leave the store when they expire: one timer, armed for the earliest expiry.
  const expiry = new TimerSlot(timers);
  const armExpiry = (): void => {
    const next = nextIndicatorExpiry(store.getState().presence);
    if (next === undefined) expiry.clear();
    else expiry.set(pruneExpired, Math.max(0, next - now()));
  };
  const pruneExpired = (): void => {
    store.setState((state) => {
      const presence = pruneAllIndicators(state.presence, now());
      return presence === state.presence ? state : { presence };
    });
    armExpiry();
  };
  const batcher = new Batcher<Ingest>((items) => {
    store.setState((state) => applyBatch(state, items, now()));
    if (items.some((item) => item.kind !== "event")) armExpiry();
  }, options.schedule);
  const tick = new TimerSlot(timers);
  const tickMs = options.rateTickMs ?? RATE_TICK_MS;
  const refresh = (): void => {
    store.setState((state) => {
      const rooms = refreshRates(state.rooms, now());
      return rooms === state.rooms ? state : { rooms };
    });
    tick.set(refresh, tickMs);
  };
  tick.set(refresh, tickMs);

  store.setState({ connection: connection.getState() });
  const stopState = connection.subscribe((state) => {
    store.setState({ connection: state });
    if (state.status !== "open") batcher.push({ kind: "presence_lost" });
  });
  const stopEvents = connection.addListener({
    onEvent: (event, receivedAt, catchUp) =>
      batcher.push({ kind: "event", event, receivedAt, catchUp }),
    // Through the buffer too, so a reset lands between the events it separates.
    onReset: (rooms) => batcher.push({ kind: "reset", rooms }),
    onCollab: (message, receivedAt) => batcher.push({ kind: "collab", message, receivedAt }),
    onRoomState: (room, state, presence) =>
      batcher.push({ kind: "room_state", room, state, presence }),
    onRoundTrip: (ms) =>
      store.setState((state) => ({ latency: { ...state.latency, roundTripMs: ms } })),
  });

  seedSharedConnection(store, connection);

  return () => {
    stopState();
    stopEvents();
    tick.clear();
    expiry.clear();
    batcher.flush();
    batcher.dispose();
  };
}

/**
 * A shared connection (SharedWorker) is handed the rooms the store already holds for it
 * (hydrated from a server-rendered state), so that tabs joining them later start from the
 * same state; a connection with its own socket has no use for them.
 */
function seedSharedConnection(store: PulseStore, connection: Connection): void {
  const seedable = connection as Partial<{ seedRooms(rooms: Record<string, RoomState>): void }>;
  if (typeof seedable.seedRooms !== "function") return;
  const held = store.getState().rooms;
  const rooms: Record<string, RoomState> = {};
  for (const room of connection.getRooms()) {
    const state = held[room];
    if (state !== undefined) rooms[room] = state;
  }
  seedable.seedRooms(rooms);
}
