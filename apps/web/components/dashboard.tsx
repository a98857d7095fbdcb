"use client";

import { type ConnectionState, loadOlderEvents } from "@pulseboard/client";
import { usePulseStore, useRoom } from "@pulseboard/client/react";
import {
  ConnectionBadge,
  EmptyState,
  ErrorState,
  IndicatorBadges,
  ViewerAvatars,
} from "@pulseboard/ui";
import { useRef } from "react";
import type { InitialRoom } from "../lib/initial-room";
import { roomHasData } from "../lib/room-data";
import { RoomView } from "./room-view";
import { useDashboardConnection } from "./use-dashboard-connection";
import { useViewingIndicator } from "./use-viewing-indicator";

export interface DashboardProps {
  /** The hub's WebSocket endpoint (read from NEXT_PUBLIC_HUB_URL on the server). */
  hubUrl: string;
  room: string;
  /** Default: this app's development token endpoint. */
  tokenUrl?: string;
  /** The room's state as the server read it (undefined: the hub could not say). */
  initial?: InitialRoom | undefined;
}

/**
 * The live part of a dashboard page: connects to the hub, follows one room and renders it,
 * or says plainly that there is no data yet or what is wrong. Shows who else is looking (and
 * at what), and tells them what this viewer looks at.
 */
export function Dashboard({ hubUrl, room, tokenUrl = "/api/token", initial }: DashboardProps) {
  const { store, connection, problem, followingSince } = useDashboardConnection({
    hubUrl,
    room,
    tokenUrl,
    initial,
  });
  const state = usePulseStore(store, (s) => s.connection);
  const roomState = useRoom(store, room);
  const latencyMs = usePulseStore(store, (s) => s.latency.roundTripMs);
  const presence = usePulseStore(store, (s) => s.presence[room]);
  const retry = connection === undefined ? undefined : () => connection.retryNow();
  // Durable: the hub stamps who and when, and every viewer of the room sees it (protocol 1.1).
  const acknowledge = (id: string | number) =>
    connection === undefined
      ? Promise.reject(new Error("not connected yet"))
      : connection.append(room, "alert_acknowledged", { alert_id: id });
  const selfId = state.status === "open" ? state.user?.id : undefined;
  const root = useRef<HTMLDivElement>(null);
  useViewingIndicator(connection, state, room, root);

  return (
    <div className="dashboard" ref={root}>
      <div className="dashboard__status">
        <ViewerAvatars members={presence?.members ?? []} selfId={selfId} />
        <ConnectionBadge
          state={state}
          lastEventAt={roomState?.lastEventAt}
          latencyMs={latencyMs}
          initialNow={initial?.renderedAt}
          // While an error panel shows its own "Retry now", the badge does not repeat it.
          onRetry={problem === undefined ? retry : undefined}
        />
      </div>
      <IndicatorBadges indicators={presence?.indicators ?? []} selfId={selfId} hideSelf />
      {problem === undefined ? null : (
        <ErrorState
          title={problem.title}
          detail={problem.detail}
          // A revoked connection never reconnects: a retry button would do nothing.
          onRetry={problem.kind === "revoked" ? undefined : retry}
        >
          <p>{problem.message}</p>
        </ErrorState>
      )}
      {roomHasData(roomState) ? (
        <RoomView
          room={roomState}
          followingSince={followingSince}
          onAcknowledge={acknowledge}
          // This app's route reads the hub's /events with the viewer's token (app/api/v1/rooms).
          onLoadOlder={() => loadOlderEvents(store, { url: "/", room })}
          renderedAt={initial?.renderedAt}
        />
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
