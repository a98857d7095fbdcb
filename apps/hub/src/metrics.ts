import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import type { Hub } from "./hub.js";
import { streamLag } from "./stream-lag.js";

export interface HubMetrics {
  registry: Registry;
  /** Seconds from an event's broker timestamp to its fan-out. */
  eventLatency: Histogram;
  publishedEvents: Counter;
  /** WebSocket upgrades refused before a socket existed, by error code. */
  upgradeRejections: Counter<"error">;
  /** Sockets destroyed by the pending-connection caps, by the cap (`address`, `total`). */
  pendingDrops: Counter<"reason">;
  /**
   * The text /metrics answers: this registry, or, in a worker of a cluster (HUB_WORKERS > 1),
   * every worker's series gathered by the primary (src/cluster/).
   */
  scrape: () => Promise<string>;
}

/**
 * Prometheus metrics. Hot-path counters are plain numbers on the hub, read at scrape time, so
 * fan-out pays nothing for them. Process metrics (CPU, memory, event-loop lag) come from
 * prom-client's defaults.
 */
export function createMetrics(): HubMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const eventLatency = new Histogram({
    name: "pulseboard_event_latency_seconds",
    help: "Time from an event's broker timestamp to its fan-out by this hub",
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const publishedEvents = new Counter({
    name: "pulseboard_published_events_total",
    help: "Events accepted by POST /api/v1/publish",
    registers: [registry],
  });
  const upgradeRejections = new Counter({
    name: "pulseboard_upgrade_rejections_total",
    help: "WebSocket upgrades refused (401/403/429/503), by error code",
    labelNames: ["error"] as const,
    registers: [registry],
  });
  const pendingDrops = new Counter({
    name: "pulseboard_pending_connection_drops_total",
    help: "Connections destroyed before their upgrade by the pending caps, by cap (address, total)",
    labelNames: ["reason"] as const,
    registers: [registry],
  });
  return {
    registry,
    eventLatency,
    publishedEvents,
    upgradeRejections,
    pendingDrops,
    scrape: () => registry.metrics(),
  };
}

/** Connections that are not WebSocket connections (yet): headers, token check, plain HTTP. */
export function registerPendingMetrics(registry: Registry, pending: { size: number }): void {
  new Gauge({
    name: "pulseboard_pending_connections",
    help: "TCP connections not (yet) upgraded to WebSocket: sending headers, token check, plain HTTP",
    registers: [registry],
    collect() {
      this.set(pending.size);
    },
  });
}

/** The caps alerting rules compare usage against (deploy/prometheus), so no rule hardcodes them. */
export function registerLimitMetrics(registry: Registry, limits: { maxConnections: number }): void {
  new Gauge({
    name: "pulseboard_connections_limit",
    help: "HUB_MAX_CONNECTIONS: open WebSocket connections this hub accepts before 1013",
    registers: [registry],
  }).set(limits.maxConnections);
}

/** Longest a scrape waits for the stream's position before it keeps the lag it last saw. */
const LAG_READ_TIMEOUT_MS = 1_000;

/**
 * The live feed's lag behind the stream (stream-lag.ts), read at scrape time; it keeps its last
 * value while the broker is down or slow to answer, when pulseboard_broker_ready says more.
 */
function registerLagMetric(registry: Registry, hub: Hub): void {
  new Gauge({
    name: "pulseboard_stream_lag_events",
    help: "Stream's last sequence minus the highest this hub fanned out (its live feed's lag)",
    registers: [registry],
    async collect() {
      const lag = await streamLag(hub, LAG_READ_TIMEOUT_MS);
      if (lag !== null) this.set(lag);
    },
  });
}

/** Registers the metrics that read the hub's state and counters when scraped. */
export function registerHubMetrics(registry: Registry, hub: Hub): void {
  registerLagMetric(registry, hub);
  const gauge = (name: string, help: string, read: () => number) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        this.set(read());
      },
    });
  const counter = (name: string, help: string, read: () => number) =>
    new Counter({
      name,
      help,
      registers: [registry],
      collect() {
        this.reset();
        this.inc(read());
      },
    });

  gauge("pulseboard_connections", "Open WebSocket connections", () => hub.clients.size);
  gauge("pulseboard_rooms", "Rooms with at least one subscriber", () => hub.roomCount);
  gauge("pulseboard_subscriptions", "Connection-room subscriptions", () => hub.subscriptionCount);
  gauge("pulseboard_broker_ready", "1 when the broker is connected", () =>
    hub.broker.ready ? 1 : 0,
  );
  gauge(
    "pulseboard_catch_ups_running",
    "Resumes reading the stream now",
    () => hub.catchUpGate.active,
  );
  gauge(
    "pulseboard_catch_ups_queued",
    "Resumes waiting for a catch-up slot",
    () => hub.catchUpGate.queued,
  );
  gauge("pulseboard_head_seq", "Highest sequence fanned out by this hub", () => hub.seq);
  const s = hub.stats;
  counter("pulseboard_events_in_total", "Events received from the broker", () => s.eventsIn);
  counter(
    "pulseboard_invalid_events_total",
    "Invalid producer events dropped",
    () => s.invalidEvents,
  );
  counter("pulseboard_messages_in_total", "Frames received from clients", () => s.messagesIn);
  counter("pulseboard_messages_out_total", "Frames written to clients", () => s.messagesOut);
  counter("pulseboard_bytes_out_total", "Payload bytes written to clients", () => s.bytesOut);
  counter(
    "pulseboard_queue_drops_total",
    "Queued latest-value frames replaced by a newer value",
    () => s.coalesced,
  );
  counter(
    "pulseboard_slow_consumer_closes_total",
    "Connections closed with 4008",
    () => s.slowConsumerCloses,
  );
  const c = hub.collab;
  gauge(
    "pulseboard_presence_members",
    "Users present, summed over rooms, all hubs",
    () => c.memberCount,
  );
  gauge(
    "pulseboard_presence_hubs",
    "Hubs this hub hears presence reports from, itself included",
    () => c.hubCount,
  );
  counter(
    "pulseboard_indicators_published_total",
    "Indicators accepted from this hub's clients",
    () => c.stats.indicatorsPublished,
  );
  counter(
    "pulseboard_indicators_relayed_total",
    "Indicator frames written to this hub's clients",
    () => c.stats.indicatorsRelayed,
  );
  counter(
    "pulseboard_invalid_presence_reports_total",
    "Invalid presence reports or indicators from other hubs, dropped",
    () => c.stats.invalidReports,
  );
  counter(
    "pulseboard_appends_total",
    "Viewer appends (alert acknowledgements) stored",
    () => hub.appends.stats.appended,
  );
  counter(
    "pulseboard_appends_unavailable_total",
    "Viewer appends answered unavailable: the broker did not store them",
    () => hub.appends.stats.unavailable,
  );
  const r = hub.replayStats;
  counter("pulseboard_replays_total", "Subscriptions resumed by replay", () => r.replays);
  counter("pulseboard_replayed_events_total", "Events sent by replays", () => r.replayedEvents);
  counter("pulseboard_snapshots_total", "Snapshots sent on subscribe", () => r.snapshots);
  counter(
    "pulseboard_replays_from_memory_total",
    "Resumes served from the hub's recent events, without a stream read",
    () => r.recentReplays,
  );
  counter(
    "pulseboard_catch_up_retries_total",
    "Catch-up reads retried after a broker error",
    () => r.retries,
  );
  counter(
    "pulseboard_histories_total",
    "Subscriptions that started with history (history=N)",
    () => r.histories,
  );
  counter("pulseboard_history_events_total", "Events sent by them", () => r.historyEvents);
  counter(
    "pulseboard_shared_reads_started_total",
    "History and resume stream reads started (each one a real read of the stream)",
    () => hub.history.sharing.started + hub.sharedReplays.started + hub.ranges.sharing.started,
  );
  counter(
    "pulseboard_shared_reads_joined_total",
    "History and resume requests that joined a read already running instead of reading",
    () => hub.history.sharing.joined + hub.sharedReplays.joined + hub.ranges.sharing.joined,
  );
  new Counter({
    name: "pulseboard_resets_total",
    help: "reset messages sent, by reason",
    labelNames: ["reason"],
    registers: [registry],
    collect() {
      this.reset();
      for (const [reason, count] of Object.entries(r.resets)) this.inc({ reason }, count);
    },
  });
}
