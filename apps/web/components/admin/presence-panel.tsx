"use client";

import { Panel } from "@pulseboard/ui";
import { useEffect, useId, useState } from "react";
import type { PresenceAnswer, RoomsAnswer } from "../../lib/admin/types";
import { POLL_MS, readAdmin } from "./use-admin-data";

/** Who is present in one room (over every hub), for the room chosen here or in the rooms table. */
export function PresencePanel({
  rooms,
  room,
  onRoomChange,
}: {
  rooms: RoomsAnswer | undefined;
  room: string | undefined;
  onRoomChange: (room: string) => void;
}) {
  const selectId = useId();
  const names = rooms?.rooms.map((entry) => entry.room) ?? [];
  const shown = room ?? names[0];
  const [presence, setPresence] = useState<PresenceAnswer>();
  const [error, setError] = useState<string>();

  useEffect(() => {
    if (shown === undefined) return;
    let cancelled = false;
    const read = () =>
      readAdmin<PresenceAnswer>(`presence?room=${encodeURIComponent(shown)}`).then(
        (answer) => {
          if (cancelled) return;
          setPresence(answer);
          setError(undefined);
        },
        (failure: unknown) => {
          if (!cancelled) setError(failure instanceof Error ? failure.message : String(failure));
        },
      );
    void read();
    const timer = setInterval(() => void read(), POLL_MS);
    return () => {
      cancelled = true;
      clearInterval(timer);
    };
  }, [shown]);

  const members = presence !== undefined && presence.room === shown ? presence.members : [];
  return (
    <Panel title="Presence">
      {shown === undefined ? (
        <p className="pb-muted">No room has a subscriber.</p>
      ) : (
        <>
          <label htmlFor={selectId} className="admin-label">
            Room
          </label>{" "}
          <select
            id={selectId}
            className="pb-select"
            value={shown}
            onChange={(event) => onRoomChange(event.target.value)}
          >
            {(names.includes(shown) ? names : [shown, ...names]).map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
          {error === undefined ? null : <p className="admin-warning">{error}</p>}
          {members.length === 0 ? (
            <p className="pb-muted">Nobody with presence on in this room.</p>
          ) : (
            <ul className="admin-presence" aria-label={`Present in ${shown}`}>
              {members.map((member) => (
                <li key={member.id}>
                  <strong>{member.name}</strong> <span className="pb-muted">{member.id}</span>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </Panel>
  );
}
