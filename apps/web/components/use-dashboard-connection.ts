"use client";

import {
  type Connection,
  connectStore,
  createPulseStore,
  createSharedConnection,
  type PulseStore,
  type ResumePoint,
  resumePointOf,
  roomFromState,
} from "@pulseboard/client";
import { useConnectionState } from "@pulseboard/client/react";
import { useEffect, useRef, useState } from "react";
import { connectionProblem, FAILURES_BEFORE_ERROR, type Problem } from "../lib/connection-problem";
import { probeHub, type Reachability } from "../lib/hub-probe";
import type { InitialRoom } from "../lib/initial-room";
import { PAGE_HISTORY } from "../lib/room-state";
import { startPulseWorker } from "../lib/shared-worker";
import { fetchToken, TokenFetchError, type TokenOutcome } from "../lib/token-source";

export interface DashboardConnectionOptions {
  hubUrl: string;
  room: string;
  /** The web app's token endpoint. */
  tokenUrl: string;
  /** The room's state as the server rendered it, if the hub gave it. */
  initial?: InitialRoom | undefined;
}

export interface DashboardConnection {
  store: PulseStore;
  /** Undefined during the server render and until the first effect has run. */
  connection: Connection | undefined;
  /** What to show instead of (or above) the data, if anything. */
  problem: Problem | undefined;
  /** When the connection for this room was made (ms since 1970; 0 before). */
  followingSince: number;
}

interface TokenStatus {
  outcome: TokenOutcome | undefined;
  error: TokenFetchError | undefined;
}

/**
 * One connection to the hub for one room, feeding a store the components read. The store
 * exists from the first render, hydrated with the room's state the server read (`initial`) as
 * of the server's render time, so the server render and the browser's first render match and
 * the page shows the room at once. The socket then continues from that state's
 * `since=seq&epoch=epoch` (no gap, no event twice); without one it opens the room with
 * `history=N`. The connection is made only in the browser, in an effect, and closed
 * when the component unmounts or the room changes. Every tab of the app shares one socket
 * through a SharedWorker where the browser has one (lib/shared-worker.ts), so the hub counts
 * one connection and presence one viewer per browser; elsewhere each tab has its own.
 */
export function useDashboardConnection({
  hubUrl,
  room,
  tokenUrl,
  initial,
}: DashboardConnectionOptions): DashboardConnection {
  const [hydrated] = useState(() => hydrate(room, initial));
  const store = hydrated.store;
  const [connection, setConnection] = useState<Connection>();
  const [token, setToken] = useState<TokenStatus>({ outcome: undefined, error: undefined });
  const [reachability, setReachability] = useState<Reachability>();
  const [followingSince, setFollowingSince] = useState(0);

  useEffect(() => {
    // A missing endpoint stays missing: ask once, not before every reconnect.
    let endpointMissing = false;
    const next = createSharedConnection({
      url: hubUrl,
      rooms: [room],
      presence: true,
      history: PAGE_HISTORY,
      resume: hydrated.resume,
      sharedWorker: startPulseWorker,
      // With a shared socket `rooms` are every tab's: the token must grant them all.
      token: async ({ rooms }) => {
        if (endpointMissing) return undefined;
        try {
          const result = await fetchToken(tokenUrl, rooms);
          endpointMissing = result.kind === "no-endpoint";
          const token = result.kind === "issued" ? result.token : undefined;
          setToken({ outcome: token === undefined ? "none" : "issued", error: undefined });
          return token;
        } catch (error) {
          const failure =
            error instanceof TokenFetchError
              ? error
              : new TokenFetchError(undefined, undefined, String(error));
          setToken({ outcome: undefined, error: failure });
          throw failure;
        }
      },
    });
    const stopFeeding = connectStore(store, next);
    setConnection(next);
    // What the server rendered already reflects everything sequenced before it read the state.
    setFollowingSince(hydrated.renderedAt ?? Date.now());
    return () => {
      next.close();
      stopFeeding();
    };
    // `hydrated` is made once per mount: a new `initial` prop (a refresh of the server component)
    // must not restart the socket from an older point than the store already holds.
  }, [hubUrl, room, tokenUrl, store, hydrated]);

  const state = useConnectionState(store);
  // Probe the hub once per failed attempt beyond the threshold, to tell "down" from "refused".
  // A retry passes through `connecting` with the same attempt count: keep the key (and so the
  // last probe result) stable across it, or the error panel would flicker on every retry.
  const failures =
    state.status === "reconnecting" || state.status === "connecting" ? state.attempt : 0;
  const probeKey = failures >= FAILURES_BEFORE_ERROR ? failures : 0;
  useEffect(() => {
    if (probeKey === 0) {
      setReachability(undefined);
      return;
    }
    let cancelled = false;
    void probeHub(hubUrl).then((result) => {
      if (!cancelled) setReachability(result);
    });
    return () => {
      cancelled = true;
    };
  }, [probeKey, hubUrl]);

  const computed = connectionProblem({
    state,
    hubUrl,
    tokenError: token.error,
    tokenOutcome: token.outcome,
    reachability,
  });
  // While a retry is in flight after repeated failures, keep showing the last diagnosis
  // instead of falling back to the "connecting" placeholder for a few milliseconds.
  const lastProblem = useRef<typeof computed>(undefined);
  const retrying = state.status === "connecting" && probeKey > 0;
  const problem = computed ?? (retrying ? lastProblem.current : undefined);
  lastProblem.current = problem;
  return { store, connection, problem, followingSince };
}

/** The page's store, hydrated with the server-rendered state when there is one. */
function hydrate(
  room: string,
  initial: InitialRoom | undefined,
): { store: PulseStore; resume: ResumePoint | undefined; renderedAt: number | undefined } {
  if (initial === undefined) {
    return { store: createPulseStore(), resume: undefined, renderedAt: undefined };
  }
  // The room is in the store's initial state: React renders that on the server and while
  // hydrating, so the HTML and the browser's first render both show it.
  const hydrated = roomFromState(initial.state, {
    history: initial.history,
    now: initial.renderedAt,
  });
  return {
    store: createPulseStore(undefined, { [room]: hydrated }),
    resume: resumePointOf(initial.state),
    renderedAt: initial.renderedAt,
  };
}
