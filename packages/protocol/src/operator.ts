/**
 * Answers of the hub's operator API (apps/hub/README.md, "Operator API") that other parts read:
 * the admin page in apps/web. Types only: the hub writes them, nobody parses them from strangers.
 */

/** One hub's figures (`GET /api/v1/admin/hubs`); counters are totals since `started_at`. */
export interface HubStatus {
  version: string;
  /** When the hub process started (ISO 8601), and how long ago, in whole seconds. */
  started_at: string;
  uptime_s: number;
  /** The broker is connected. A draining hub has stopped answering cluster requests by then. */
  ready: boolean;
  connections: number;
  rooms: number;
  subscriptions: number;
  /** pulseboard_events_in_total, pulseboard_messages_out_total, pulseboard_slow_consumer_closes_total. */
  events_in: number;
  messages_out: number;
  slow_consumer_closes: number;
  /** Stream's last sequence minus the highest this hub fanned out; null when it could not be read. */
  stream_lag_events: number | null;
}

/** One connection as operators see it (`GET /api/v1/admin/connections`, plus its `hub`). */
export interface ConnectionView {
  connection_id: string;
  user: string | null;
  /** The `jti` of the token the connection holds now (after any `refresh`), to revoke that one. */
  jti: string | null;
  rooms: string[];
  remote_address: string;
  connected_since: string;
  backlog_bytes: number;
  messages_sent: number;
}
