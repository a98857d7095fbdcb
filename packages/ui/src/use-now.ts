import { useEffect, useState } from "react";

/**
 * The current time (ms since 1970), re-read every `intervalMs` while `active`: drives
 * countdowns and "3 s ago" labels without a timer when nothing on screen depends on the clock.
 */
export function useNow(intervalMs: number, active: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs, active]);
  return now;
}
