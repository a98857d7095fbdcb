"use client";

import type { ConnectionState } from "@pulseboard/client";
import { usePulseStore, useRoom } from "@pulseboard/client/react";
import { ConnectionBadge, EmptyState, ErrorState } from "@pulseboard/ui";
import { roomHasData } from "../lib/room-data";
import { RoomView } from "./room-view";
import { useDashboardConnection } from "./use-dashboard-connection";

export interface DashboardProps {
  /** The hub's WebSocket endpoint (read from NEXT_PUBLIC_HUB_URL on the server). */
  hubUrl: string;
  room: string;
  /** Default: this app's development token endpoint. */
  tokenUrl?: string;
}

/**
 * The live part of a dashboard page: connects to the hub, follows one room and renders it,
 * or says plainly that there is no data yet or what is wrong.
 */
export function Dashboard({ hubUrl, room, tokenUrl = "/api/token" }: DashboardProps) {
  const { store, connection, problem } = useDashboardConnection({ hubUrl, room, tokenUrl });
  const state = usePulseStore(store, (s) => s.connection);
  const roomState = useRoom(store, room);
  const latencyMs = usePulseStore(store, (s) => s.latency.roundTripMs);
  const acknowledge = usePulseStore(store, (s) => s.acknowledgeAlert);
  const retry = connection === undefined ? undefined : () => connection.retryNow();

  return (
    <div className="dashboard">
      <div className="dashboard__status">
        <ConnectionBadge
          state={state}
          lastEventAt={roomState?.lastEventAt}
          latencyMs={latencyMs}
          // While an error panel shows its own "Retry now", the badge does not repeat it.
          onRetry={problem === undefined ? retry : undefined}
        />
      </div>
      {problem === undefined ? null : (
        <ErrorState title={problem.title} detail={problem.detail} onRetry={retry}>
          <p>{problem.message}</p>
        </ErrorState>
      )}
      {roomHasData(roomState) ? (
        <RoomView room={roomState} onAcknowledge={(id) => acknowledge(room, id)} />
      ) : problem === undefined ? (
        <EmptyState title="No data yet">
          <p>{waitingMessage(state, room)}</p>
        </EmptyState>
      ) : null}
    </div>
  );
}

function waitingMessage(state: ConnectionState, room: string): string {
  switch (state.status) {
    case "open":
      return `Connected. Waiting for the first event in room “${room}”: statistics, playbacks, syncs and alerts appear as soon as a producer publishes them.`;
    case "offline":
      return "This browser is offline. The dashboard connects as soon as the network is back.";
    case "closed":
      return "Disconnected.";
    default:
      return `Connecting to the hub for room “${room}”…`;
  }
}
