import { useEffect, useState } from "react";

/**
 * The current time (ms since 1970), re-read every `intervalMs` while `active`: drives
 * countdowns and "3 s ago" labels without a timer when nothing on screen depends on the clock.
 * `initialNow` is the time of the first render: a page rendered on the server passes its render
 * time, so the browser's hydrating render prints the same "ago" texts (the clock moves on at
 * once after).
 */
export function useNow(intervalMs: number, active: boolean, initialNow?: number): number {
  const [now, setNow] = useState(() => initialNow ?? Date.now());
  useEffect(() => {
    if (!active) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs, active]);
  return now;
}
