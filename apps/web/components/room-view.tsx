"use client";

import type { RoomState } from "@pulseboard/client";
import {
  type AcknowledgeHandler,
  ActivityFeed,
  AlertsPanel,
  CriticalAlertToasts,
  RefreshRequestToast,
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
  /**
   * When this page started following the room (ms since 1970). A `dashboard_refresh` the hub
   * sequenced before that came with the room's snapshot: what the page shows already
   * reflects it, so no reload is offered (compared across the hub's and the browser's clocks).
   */
  followingSince: number;
  /** Acknowledges an alert for every viewer (`connection.append`); settles when the hub answered. */
  onAcknowledge: AcknowledgeHandler;
  /** Fetches the page of the room below what is shown (the feed's "Load older"). */
  onLoadOlder: () => Promise<unknown>;
  /** When the server rendered the room (its state's read), if it did: the first render's clock. */
  renderedAt?: number | undefined;
}

/**
 * The chart's span: the recent minutes, drawn from the room's history on open (each past event
 * at its hub time) and from live events after. See docs/ARCHITECTURE.md for its limits.
 */
export const CHART_WINDOW_MS = 5 * 60_000;

/** Every panel of one room, from the store's state of it. */
export function RoomView({
  room,
  followingSince,
  onAcknowledge,
  onLoadOlder,
  renderedAt,
}: RoomViewProps) {
  // The chart's window slides every second even while no event arrives.
  const now = useNow(1000, true, renderedAt);
  const series = useMemo(
    () => throughputSeries(room.rate.buckets, now, { windowMs: CHART_WINDOW_MS }),
    [room.rate.buckets, now],
  );
  const [dismissedSync, setDismissedSync] = useState<number>();
  // A `dashboard_refresh` asks open copies to reload (see `followingSince`).
  const [handledRefresh, setHandledRefresh] = useState<number>();
  const refresh = room.refreshRequest;
  const pendingRefresh =
    refresh === undefined ||
    refresh.seq === handledRefresh ||
    Date.parse(refresh.ts) < followingSince
      ? undefined
      : refresh;
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
        lastPlayback={room.stats?.data.last_playback}
        now={now}
      />
      <SyncCompletedNotice
        completed={completed}
        onDismiss={() => setDismissedSync(latestSync?.seq)}
      />
      <div className="dashboard-grid">
        <div className="dashboard-grid__main">
          <ThroughputChart series={series} title="Events per second" />
          <ActivityFeed
            items={room.playbacks}
            onLoadOlder={onLoadOlder}
            hasOlder={room.older.more}
          />
        </div>
        <div className="dashboard-grid__side">
          <AlertsPanel alerts={room.alerts} onAcknowledge={onAcknowledge} />
          <SyncProgressList items={syncRows(room)} />
        </div>
      </div>
      <CriticalAlertToasts alerts={room.alerts} onAcknowledge={onAcknowledge}>
        <RefreshRequestToast
          request={pendingRefresh}
          onReload={() => window.location.reload()}
          onDismiss={() => setHandledRefresh(refresh?.seq)}
        />
      </CriticalAlertToasts>
    </>
  );
}
