import { decodeRoomEventsResponse, type RoomEventsResponse } from "@pulseboard/protocol";
import { reduceOlder } from "./past-events.js";
import { emptyRoom } from "./room-state.js";
import type { PulseStore } from "./store.js";

export interface RoomEventsRequest {
  /**
   * Where the events API is: the hub (`https://hub.example`, or its WebSocket URL: ws(s) is
   * turned into http(s) and the path replaced), or an app route that forwards to it with the
   * same path (`/api/v1/rooms/{room}/events`). Relative URLs resolve against the page.
   */
  url: string;
  room: string;
  /** Only events with `seq` below this (default: up to the head). */
  before?: number;
  /** At most this many (the hub's default 50, at most 500). */
  limit?: number;
  /** Sent as `Authorization: Bearer`; without it, cookies are sent (same-origin routes). */
  token?: string;
  fetch?: typeof fetch;
}

/** The events API answered with something other than a page of events. */
export class RoomEventsError extends Error {
  constructor(
    readonly status: number | undefined,
    readonly code: string | undefined,
    message: string,
  ) {
    super(message);
    this.name = "RoomEventsError";
  }
}

/**
 * `GET /api/v1/rooms/{room}/events?limit=&before=`: up to `limit` events of the room older
 * than `before`, ascending, and whether older ones remain. Rejects with a `RoomEventsError`
 * (the hub's 401 / 403 / 400 codes, a network failure, or an answer that is not a page).
 */
export async function fetchRoomEvents(request: RoomEventsRequest): Promise<RoomEventsResponse> {
  const url = roomEventsUrl(request);
  const headers: Record<string, string> = { accept: "application/json" };
  if (request.token !== undefined) headers.authorization = `Bearer ${request.token}`;
  let response: Response;
  try {
    response = await (request.fetch ?? fetch)(url, {
      headers,
      cache: "no-store",
      credentials: "same-origin",
    });
  } catch (error) {
    throw new RoomEventsError(undefined, undefined, `events request failed: ${String(error)}`);
  }
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    const refusal = body as { error?: unknown; message?: unknown } | undefined;
    throw new RoomEventsError(
      response.status,
      typeof refusal?.error === "string" ? refusal.error : undefined,
      typeof refusal?.message === "string" ? refusal.message : `HTTP ${response.status}`,
    );
  }
  const decoded = decodeRoomEventsResponse(body);
  if (!decoded.ok)
    throw new RoomEventsError(response.status, decoded.error.code, decoded.error.message);
  return decoded.value;
}

export function roomEventsUrl(
  request: Pick<RoomEventsRequest, "url" | "room" | "before" | "limit">,
): string {
  const url = new URL(request.url, (globalThis as { location?: { href: string } }).location?.href);
  if (url.protocol === "ws:") url.protocol = "http:";
  if (url.protocol === "wss:") url.protocol = "https:";
  url.pathname = `/api/v1/rooms/${encodeURIComponent(request.room)}/events`;
  url.search = "";
  url.hash = "";
  if (request.limit !== undefined) url.searchParams.set("limit", String(request.limit));
  if (request.before !== undefined) url.searchParams.set("before", String(request.before));
  return url.toString();
}

/**
 * "Load older": fetches the page of the room just below what the store holds (its
 * `older.before`, kept by `hydrateRoom` and by this function) and adds it below. Resolves with
 * how many events the page held and whether older ones remain; does nothing (0, false) when
 * the store knows there are none.
 */
export async function loadOlderEvents(
  store: PulseStore,
  request: Omit<RoomEventsRequest, "before">,
  now: () => number = Date.now,
): Promise<{ loaded: number; more: boolean }> {
  const room = store.getState().rooms[request.room] ?? emptyRoom;
  if (!room.older.more) return { loaded: 0, more: false };
  const before = room.older.before ?? oldestHeld(room.playbacks);
  const page = await fetchRoomEvents({ ...request, before });
  store.setState((state) => {
    const current = state.rooms[request.room] ?? emptyRoom;
    return {
      rooms: {
        ...state.rooms,
        [request.room]: reduceOlder(current, page.events, page.more, now()),
      },
    };
  });
  return { loaded: page.events.length, more: page.more };
}

/** Without a known paging position (no hydration): below the oldest playback held. */
function oldestHeld(entries: readonly { seq: number }[]): number | undefined {
  return entries.length === 0 ? undefined : Math.min(...entries.map((entry) => entry.seq));
}
