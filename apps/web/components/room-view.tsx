"use client";

import type { RoomState } from "@pulseboard/client";
import {
  ActivityFeed,
  AlertsPanel,
  CriticalAlertToasts,
  StatCards,
  SyncCompletedNotice,
  SyncProgressList,
  ThroughputChart,
  throughputSeries,
  useNow,
} from "@pulseboard/ui";
import { useMemo, useState } from "react";
import { syncRows } from "../lib/room-data";

export interface RoomViewProps {
  room: RoomState;
  onAcknowledge: (id: string | number) => void;
}

/** Every panel of one room, from the store's state of it. */
export function RoomView({ room, onAcknowledge }: RoomViewProps) {
  // The chart's window slides every second even while no event arrives.
  const now = useNow(1000, true);
  const series = useMemo(() => throughputSeries(room.rate.buckets, now), [room.rate.buckets, now]);
  const [dismissedSync, setDismissedSync] = useState<number>();
  const latestSync = room.completedSyncs[0];
  const completed =
    latestSync === undefined || latestSync.seq === dismissedSync ? undefined : latestSync.data;

  return (
    <>
      <StatCards
        totalPlaybacks={room.stats?.data.total_count}
        uniqueUsers={room.stats?.data.unique_users}
        eventsPerMinute={room.rate.perMinute}
        activeSessions={room.sessions.length}
        updatedAt={room.stats?.data.timestamp}
      />
      <SyncCompletedNotice
        completed={completed}
        onDismiss={() => setDismissedSync(latestSync?.seq)}
      />
      <div className="dashboard-grid">
        <div className="dashboard-grid__main">
          <ThroughputChart series={series} title="Events per second" />
          <ActivityFeed items={room.playbacks} />
        </div>
        <div className="dashboard-grid__side">
          <AlertsPanel alerts={room.alerts} onAcknowledge={onAcknowledge} />
          <SyncProgressList items={syncRows(room)} />
        </div>
      </div>
      <CriticalAlertToasts alerts={room.alerts} onAcknowledge={onAcknowledge} />
    </>
  );
}
