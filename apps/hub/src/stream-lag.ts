import type { Hub } from "./hub.js";

/**
 * Events in the stream this hub has not fanned out yet: the stream's last sequence minus the
 * highest sequence its live feed delivered. One stream info request; `null` when the broker is
 * down, the request fails, or it takes longer than `waitMs` (a slow answer must not hold up a
 * scrape or an operator's page).
 */
export async function streamLag(
  hub: Pick<Hub, "broker" | "seq">,
  waitMs: number,
): Promise<number | null> {
  if (!hub.broker.ready) return null;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), waitMs);
  });
  try {
    const position = await Promise.race([hub.broker.position(), late]);
    return position === null ? null : Math.max(0, position.lastSeq - hub.seq);
  } catch {
    return null;
  } finally {
    clearTimeout(timer);
  }
}
