import { DEFAULT_ROOM, isValidRoom } from "@pulseboard/protocol";

/** The overview page's room. */
export const OVERVIEW_ROOM = DEFAULT_ROOM;

/** `/dashboards/<id>` follows room `dashboard:<id>`; undefined when that is no valid room name. */
export function dashboardRoom(id: string): string | undefined {
  if (id === "") return undefined;
  const room = `dashboard:${id}`;
  return isValidRoom(room) ? room : undefined;
}
