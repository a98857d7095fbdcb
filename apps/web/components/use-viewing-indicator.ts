"use client";

import type { Connection, ConnectionState } from "@pulseboard/client";
import { type RefObject, useEffect } from "react";

/** How long others show "viewing …"; renewed well before it runs out while the tab is visible. */
export const VIEWING_TTL_MS = 15_000;
export const VIEWING_RENEW_MS = 10_000;

/**
 * Tells the room's other viewers what this one looks at: a `viewing` indicator naming the
 * panel under the pointer or focus (its heading), sent when that changes and renewed while
 * the tab is visible. A hidden tab stops renewing and its indicator expires by itself; the
 * hub rate-limits indicators, and changes are sent at most once per animation frame.
 */
export function useViewingIndicator(
  connection: Connection | undefined,
  state: ConnectionState,
  room: string,
  container: RefObject<HTMLElement | null>,
): void {
  const open = state.status === "open";
  useEffect(() => {
    const root = container.current;
    if (connection === undefined || !open || root === null) return;
    let panel: string | undefined;
    let frame: number | undefined;
    const send = () => {
      if (document.visibilityState !== "visible") return;
      connection.publish(room, "viewing", {
        ttlMs: VIEWING_TTL_MS,
        ...(panel === undefined ? {} : { payload: { panel } }),
      });
    };
    const follow = (event: Event) => {
      const next = panelTitle(event.target);
      if (next === undefined || next === panel) return;
      panel = next;
      if (frame === undefined) {
        frame = requestAnimationFrame(() => {
          frame = undefined;
          send();
        });
      }
    };
    send();
    const renew = setInterval(send, VIEWING_RENEW_MS);
    root.addEventListener("pointerover", follow);
    root.addEventListener("focusin", follow);
    document.addEventListener("visibilitychange", send);
    return () => {
      clearInterval(renew);
      if (frame !== undefined) cancelAnimationFrame(frame);
      root.removeEventListener("pointerover", follow);
      root.removeEventListener("focusin", follow);
      document.removeEventListener("visibilitychange", send);
    };
  }, [connection, open, room, container]);
}

/** The heading of the dashboard panel (`section.pb-panel`) an element is in, if any. */
function panelTitle(target: EventTarget | null): string | undefined {
  if (!(target instanceof Element)) return undefined;
  const heading = target.closest(".pb-panel")?.querySelector(".pb-panel__title");
  const text = heading?.textContent?.trim();
  return text === undefined || text === "" ? undefined : text.slice(0, 64);
}
