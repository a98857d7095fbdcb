import type { RoomProducer } from "./producer.js";
import type { RunResult } from "./scenario.js";

/**
 * What makes a run's figures trustworthy: the page really received the load, rendered it, and
 * every click reached its handler. A run failing any of these meets no target.
 */

const grouped = (value: number): string => new Intl.NumberFormat("en-US").format(value);

export function checksOf(result: RunResult, producer: RoomProducer): RunResult["checks"] {
  const published = producer.published;
  const store = result.store;
  const newestUser = producer.lastPlayback?.username ?? "(none)";
  const acknowledged = result.clicks.loop.attempted - result.clicks.loop.failed + 1;
  // `store.published` counts the page's own acknowledgements (events too) with the producer's.
  return [
    {
      name: "page stayed connected",
      ok: result.screen.connection === "Live",
      detail: `badge: ${result.screen.connection ?? "not found"}`,
    },
    {
      name: "store applied every event",
      // A stats_update may be coalesced with a newer one on a backed-up queue (by design), so
      // the playbacks and alerts must all be there, the stats may fall short.
      ok:
        result.produce.publishErrors === 0 &&
        (!store.countable ||
          (store.applied !== null &&
            store.applied >= store.published - published.stats_update &&
            store.applied <= store.published)),
      detail: store.countable
        ? `"Events / min" ${store.applied ?? "not found"} of ${store.published} published (${acknowledged} of them the page's acknowledgements); ${result.produce.publishErrors} publish errors`
        : `not counted: the page outlived the store's one-minute rate window (${result.produce.publishErrors} publish errors)`,
    },
    {
      name: "stat card shows the last total",
      ok: result.screen.totalPlaybacks === grouped(published.playback),
      detail: `"Total playbacks" ${result.screen.totalPlaybacks ?? "not found"}, expected ${grouped(published.playback)}`,
    },
    {
      name: "feed shows the newest playback on top",
      ok: result.screen.newestFeedUser === newestUser,
      detail: `top row ${result.screen.newestFeedUser ?? "not found"}, expected ${newestUser}`,
    },
    {
      name: "feed re-rendered during the window",
      ok: result.feed.commits > 0,
      detail: `${result.feed.commits} feed updates, ${result.feed.addedRows} rows added`,
    },
    {
      name: "every click acknowledged its alert",
      ok: result.clicks.loop.failed === 0 && result.screen.alertsAcknowledged === acknowledged,
      detail: `${result.screen.alertsAcknowledged} acknowledged on screen, ${acknowledged} clicks (warm-up included), ${result.clicks.loop.failed} failed`,
    },
    {
      name: "no errors in the page",
      ok: result.pageErrors.length === 0,
      detail: result.pageErrors.length === 0 ? "none" : result.pageErrors.join("; "),
    },
  ];
}
