import type { RoomStateResponse } from "@pulseboard/protocol";
import { cookies } from "next/headers";
import { webEnv } from "../env";
import { fetchRoomState, PAGE_HISTORY } from "./room-state";
import { serverViewerToken } from "./viewer-token";

/** A room's state as the server rendered it, handed to the client component as a prop. */
export interface InitialRoom {
  state: RoomStateResponse;
  /** The `history` N it was read with (where "load older" continues). */
  history: number;
  /** When it was read (ms since 1970): both renders hydrate the store as of this time. */
  renderedAt: number;
}

/**
 * Reads `room`'s state from the hub for the request being rendered (server components only),
 * with the viewer's token. Undefined when the hub cannot say (down, slow, refusing): the page
 * then renders empty and the client connects as it always did.
 */
export async function initialRoom(hubUrl: string, room: string): Promise<InitialRoom | undefined> {
  const jar = await cookies();
  const token = await serverViewerToken(webEnv(), (name) => jar.get(name)?.value, [room]);
  const outcome = await fetchRoomState({ hubUrl, room, token, history: PAGE_HISTORY });
  if (!outcome.ok) {
    console.warn(`room ${room}: rendering without its state (${outcome.reason})`);
    return undefined;
  }
  return { state: outcome.state, history: PAGE_HISTORY, renderedAt: Date.now() };
}
