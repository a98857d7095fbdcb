import { decodeRoomStateResponse, type RoomStateResponse } from "@pulseboard/protocol";
import { hubHttpUrl } from "./hub-url";

/**
 * How many past events a page opens with (`/state?history=N`): the feed's first screen (50
 * playbacks) and the recent minutes of the chart in a room of mixed events. The hub clamps it
 * to its HUB_HISTORY_LIMIT.
 */
export const PAGE_HISTORY = 200;

/** How long a server render waits for the hub before it renders the page empty. */
export const ROOM_STATE_TIMEOUT_MS = 2_000;

export interface RoomStateRequest {
  /** The hub's WebSocket endpoint (NEXT_PUBLIC_HUB_URL); `/api/v1/…` is read next to it. */
  hubUrl: string;
  room: string;
  token: string | undefined;
  history?: number;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export type RoomStateOutcome =
  | { ok: true; state: RoomStateResponse }
  | { ok: false; reason: string };

/**
 * `GET /api/v1/rooms/{room}/state?history=N` on the hub, with the viewer's token: the room's
 * snapshot and last N events, and the `{epoch, seq}` the page's socket continues from. Never
 * throws: a hub that is down, slow, refuses or answers nonsense gives `ok: false` and the
 * page renders without it (the socket then starts the room as it always did).
 */
export async function fetchRoomState(request: RoomStateRequest): Promise<RoomStateOutcome> {
  const url = new URL(
    hubHttpUrl(request.hubUrl, `/api/v1/rooms/${encodeURIComponent(request.room)}/state`),
  );
  url.searchParams.set("history", String(request.history ?? PAGE_HISTORY));
  const headers: Record<string, string> = { accept: "application/json" };
  if (request.token !== undefined) headers.authorization = `Bearer ${request.token}`;
  try {
    const response = await (request.fetch ?? fetch)(url, {
      headers,
      cache: "no-store",
      signal: AbortSignal.timeout(request.timeoutMs ?? ROOM_STATE_TIMEOUT_MS),
    });
    const body: unknown = await response.json().catch(() => undefined);
    if (!response.ok)
      return { ok: false, reason: `HTTP ${response.status} ${refusal(body)}`.trim() };
    const decoded = decodeRoomStateResponse(body);
    return decoded.ok
      ? { ok: true, state: decoded.value }
      : { ok: false, reason: `not a room state: ${decoded.error.message}` };
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  }
}

function refusal(body: unknown): string {
  const error = (body as { error?: unknown } | undefined)?.error;
  return typeof error === "string" ? error : "";
}
