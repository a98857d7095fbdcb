"use client";

import { formatCount, Panel } from "@pulseboard/ui";
import type { RoomsAnswer } from "../../lib/admin/types";
import { shortId } from "./hub-overview";

/** Rooms with subscribers, per hub and in total, with their event rates where hubs measure them. */
export function RoomsTable({
  answer,
  onShowPresence,
}: {
  answer: RoomsAnswer | undefined;
  onShowPresence: (room: string) => void;
}) {
  const rooms = answer?.rooms ?? [];
  return (
    <Panel title="Rooms" aside={<span className="pb-muted">{rooms.length} with subscribers</span>}>
      {rooms.length === 0 ? (
        <p className="pb-muted">No room has a subscriber.</p>
      ) : (
        <div className="admin-table-wrap">
          <table className="admin-table">
            <caption className="pb-visually-hidden">Rooms and their subscribers</caption>
            <thead>
              <tr>
                <th scope="col">Room</th>
                <th scope="col">Subscribers</th>
                <th scope="col">Per hub</th>
                <th scope="col">Events / s</th>
                <th scope="col">Deliveries / s</th>
                <th scope="col">
                  <span className="pb-visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rooms.map((room) => (
                <tr key={room.room}>
                  <th scope="row">
                    <code>{room.room}</code>
                  </th>
                  <td>{formatCount(room.total)}</td>
                  <td>
                    {Object.entries(room.hubs)
                      .map(([hub, count]) => `${shortId(hub)}: ${count}`)
                      .join(", ")}
                  </td>
                  <td>{formatCount(room.events_per_second)}</td>
                  <td>{formatCount(room.deliveries_per_second)}</td>
                  <td>
                    <button
                      type="button"
                      className="pb-button pb-button--quiet pb-button--small"
                      onClick={() => onShowPresence(room.room)}
                    >
                      Presence<span className="pb-visually-hidden"> of {room.room}</span>
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Panel>
  );
}
