import { applyBatch, type Ingest, refreshRates } from "./apply-batch.js";
import type { Connection } from "./connection.js";
import { RATE_TICK_MS } from "./defaults.js";
import { Batcher, type FlushScheduler } from "./flush-scheduler.js";
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
  const batcher = new Batcher<Ingest>(
    (items) => store.setState((state) => applyBatch(state, items, now())),
    options.schedule,
  );
  const tick = new TimerSlot(options.timers ?? defaultTimers);
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
  const stopState = connection.subscribe((state) => store.setState({ connection: state }));
  const stopEvents = connection.addListener({
    onEvent: (event, receivedAt) => batcher.push({ kind: "event", event, receivedAt }),
    // Through the buffer too, so a reset lands between the events it separates.
    onReset: (rooms) => batcher.push({ kind: "reset", rooms }),
    onRoundTrip: (ms) =>
      store.setState((state) => ({ latency: { ...state.latency, roundTripMs: ms } })),
  });

  return () => {
    stopState();
    stopEvents();
    tick.clear();
    batcher.flush();
    batcher.dispose();
  };
}
