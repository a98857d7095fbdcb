import type { ServerResponse } from "node:http";
import type { HubStatus } from "@pulseboard/protocol";
import packageJson from "../../package.json" with { type: "json" };
import { sendJson } from "../http-responses.js";
import type { Hub } from "../hub.js";
import { streamLag } from "../stream-lag.js";
import type { ClusterBus } from "./cluster-bus.js";

/**
 * One hub's figures for the operator's overview (`GET /api/v1/admin/hubs`, shape in
 * @pulseboard/protocol's HubStatus): what /readyz and /metrics say, but for every hub of the
 * cluster in one request, so an admin page needs one address rather than each hub's. Counters
 * are totals since the hub started: a reader takes rates from two readings (and sees a restart
 * as `started_at` changing).
 */
export type { HubStatus };

/** Longest the answer waits for the stream's position; past it the lag is reported as null. */
const POSITION_WAIT_MS = 500;

/**
 * When this process started, fixed once: computed per answer (now − uptime) it would wobble by
 * a millisecond between answers, and a reader comparing it to spot restarts would see many.
 */
const STARTED_AT_MS = Math.round(Date.now() - process.uptime() * 1000);

export async function describeHub(hub: Hub, now = Date.now()): Promise<HubStatus> {
  return {
    version: packageJson.version,
    started_at: new Date(STARTED_AT_MS).toISOString(),
    uptime_s: Math.max(0, Math.floor((now - STARTED_AT_MS) / 1000)),
    ready: hub.broker.ready,
    connections: hub.clients.size,
    rooms: hub.roomCount,
    subscriptions: hub.subscriptionCount,
    events_in: hub.stats.eventsIn,
    messages_out: hub.stats.messagesOut,
    slow_consumer_closes: hub.stats.slowConsumerCloses,
    stream_lag_events: await streamLag(hub, POSITION_WAIT_MS),
  };
}

/** `GET /api/v1/admin/hubs`: every hub's status, this hub's first; hubs that did not answer by id. */
export async function hubsRoute(cluster: Pick<ClusterBus, "gather">, res: ServerResponse) {
  const gathered = await cluster.gather("status", {});
  const status = gathered.answers.flatMap(({ hub, result }) =>
    result !== null && typeof result === "object" && "version" in result
      ? [{ hub, ...(result as HubStatus) }]
      : [],
  );
  sendJson(res, 200, {
    hubs: gathered.answers.map((answer) => answer.hub),
    missing: gathered.missing,
    status,
  });
}
