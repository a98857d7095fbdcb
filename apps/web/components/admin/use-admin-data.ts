"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { type HubSamples, recordSamples } from "../../lib/admin/samples";
import type { ConnectionsAnswer, HubsAnswer, RoomsAnswer } from "../../lib/admin/types";

/** How often the page reads the hubs (through this app's /api/admin routes). */
export const POLL_MS = 2_000;

export interface AdminData {
  hubs: HubsAnswer | undefined;
  rooms: RoomsAnswer | undefined;
  connections: ConnectionsAnswer | undefined;
  /** The last 15 minutes of readings, kept in this browser tab (see the web README). */
  samples: HubSamples;
  /** Why the last poll failed, if it did. */
  error: string | undefined;
  /** Polls now (after an action), instead of at the next tick. */
  refresh: () => void;
}

/**
 * Polls the hubs, rooms and connections every POLL_MS while the page is open. A 401 means the
 * operator session ended: back to the sign-in form.
 */
export function useAdminData(): AdminData {
  const [hubs, setHubs] = useState<HubsAnswer>();
  const [rooms, setRooms] = useState<RoomsAnswer>();
  const [connections, setConnections] = useState<ConnectionsAnswer>();
  const [samples, setSamples] = useState<HubSamples>({});
  const [error, setError] = useState<string>();
  const running = useRef(false);

  const poll = useCallback(async () => {
    if (running.current) return;
    running.current = true;
    try {
      const [nextHubs, nextRooms, nextConnections] = await Promise.all([
        readAdmin<HubsAnswer>("hubs"),
        readAdmin<RoomsAnswer>("rooms"),
        readAdmin<ConnectionsAnswer>("connections"),
      ]);
      const at = Date.now();
      setHubs(nextHubs);
      setRooms(nextRooms);
      setConnections(nextConnections);
      setSamples((previous) => recordSamples(previous, nextHubs, at));
      setError(undefined);
    } catch (failure) {
      if (failure instanceof SignedOut) window.location.assign("/admin/login");
      else setError(failure instanceof Error ? failure.message : String(failure));
    } finally {
      running.current = false;
    }
  }, []);

  useEffect(() => {
    void poll();
    const timer = setInterval(() => void poll(), POLL_MS);
    return () => clearInterval(timer);
  }, [poll]);

  return { hubs, rooms, connections, samples, error, refresh: () => void poll() };
}

class SignedOut extends Error {}

/** GET /api/admin/<action>; throws with the server's message on anything but 200. */
export async function readAdmin<T>(action: string): Promise<T> {
  const response = await fetch(`/api/admin/${action}`, { cache: "no-store" });
  return answerOf<T>(response);
}

/** POST /api/admin/<action> with a JSON body. */
export async function postAdmin<T>(action: string, body: unknown): Promise<T> {
  const response = await fetch(`/api/admin/${action}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return answerOf<T>(response);
}

async function answerOf<T>(response: Response): Promise<T> {
  if (response.status === 401) throw new SignedOut("signed out");
  const body = (await response.json().catch(() => undefined)) as
    | (T & { message?: string })
    | undefined;
  if (!response.ok || body === undefined) {
    throw new Error(body?.message ?? `HTTP ${response.status}`);
  }
  return body;
}
