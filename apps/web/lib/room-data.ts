import type { Received, RoomState } from "@pulseboard/client";
import type { SyncProgressData } from "@pulseboard/protocol";

/** Whether a room has anything to show yet (a `reset` leaves it empty until its snapshot). */
export function roomHasData(room: RoomState | undefined): room is RoomState {
  return (
    room !== undefined &&
    (room.stats !== undefined ||
      room.playbacks.length > 0 ||
      Object.keys(room.syncs).length > 0 ||
      room.finishedSyncs.length > 0 ||
      room.completedSyncs.length > 0 ||
      room.alerts.length > 0)
  );
}

/** Finished syncs kept on screen below the running ones. */
export const FINISHED_SYNCS_SHOWN = 5;

/** Running syncs (most recently updated first), then the last few finished ones. */
export function syncRows(room: RoomState): Received<SyncProgressData>[] {
  const running = Object.values(room.syncs).sort((a, b) => b.seq - a.seq);
  return [...running, ...room.finishedSyncs.slice(0, FINISHED_SYNCS_SHOWN)];
}
