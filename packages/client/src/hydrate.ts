import type { RoomStateResponse } from "@pulseboard/protocol";
import { reduceHistory } from "./past-events.js";
import type { ResumePoint } from "./resume-cursor.js";
import { emptyRoom, type RoomState } from "./room-state.js";
import type { PulseStore } from "./store.js";

export interface HydrateOptions {
  /** The `history` N the state was asked with (`/state?history=N`): where "load older" starts. */
  history?: number;
  /**
   * The time the state is taken as of (ms since 1970), for the rate and the chart. A page that
   * renders on the server and hydrates in the browser passes the server's render time to both,
   * so the two renders agree. Default: now.
   */
  now?: number;
}

/**
 * Fills a room of the store from a room's state as the hub's `GET /api/v1/rooms/{room}/state`
 * returns it (`{epoch, seq, events}`, e.g. fetched by a server component), replacing what the
 * store held of the room. Returns the point to continue from: give it to the connection
 * (`resume` option, or `subscribeRooms(rooms, { resume })`), which then asks the hub for
 * `since=seq&epoch=epoch`, so the socket adds exactly what came after the state: no gap, no
 * event twice, and the page never shows an empty room in between.
 */
export function hydrateRoom(
  store: PulseStore,
  room: string,
  state: RoomStateResponse,
  options: HydrateOptions = {},
): ResumePoint {
  const hydrated = roomFromState(state, options);
  store.setState((current) => ({ rooms: { ...current.rooms, [room]: hydrated } }));
  return resumePointOf(state);
}

/**
 * A room's `RoomState` from its `/state`, for a store created with it
 * (`createPulseStore(connection, { [room]: roomFromState(state, options) })`): what a React page
 * rendered on the server needs, since React renders the store's initial state there and while
 * hydrating. Continue from `resumePointOf(state)`.
 */
export function roomFromState(state: RoomStateResponse, options: HydrateOptions = {}): RoomState {
  return reduceHistory(emptyRoom, state.events, options.now ?? Date.now(), options.history);
}

/** Where a socket continues from after a room state: `{ since: seq, epoch }`. */
export function resumePointOf(state: RoomStateResponse): ResumePoint {
  return { since: state.seq, epoch: state.epoch };
}
