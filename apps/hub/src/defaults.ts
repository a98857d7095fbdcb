/**
 * Internal constants of the hub that are not worth a configuration variable. Tunables with
 * defaults live in config.ts; protocol limits live in @pulseboard/protocol.
 */

/**
 * Unsent bytes on a socket above which the hub stops writing and queues instead. Below it,
 * frames go straight to the socket; above it, the bounded queue (with coalescing) takes over.
 */
export const SOCKET_HIGH_WATER_BYTES = 64 * 1024;

/** After a 4008 close frame, how long a peer that is not reading gets before the TCP drop. */
export const SLOW_CONSUMER_TERMINATE_MS = 2_000;

/** Smallest reconnect hint in a 1001 close; the spread (HUB_RECONNECT_SPREAD_MS) is added. */
export const MIN_RETRY_MS = 250;

/** Longest a graceful shutdown waits for the broker to drain after clients are gone. */
export const BROKER_CLOSE_TIMEOUT_MS = 3_000;

/**
 * Most subscription changes (`subscribe`, `unsubscribe`, `refresh`) one connection may have
 * waiting or running at once. They run one at a time; past this, a new one is dropped with
 * `error` `rate_limited` (and its `ref`), so a client cannot pile up work (catch-ups, token
 * checks) and memory in the hub faster than it is done.
 */
export const MAX_PENDING_OPERATIONS = 16;

/**
 * Inbound rate cost of room operations: a `subscribe` or `unsubscribe` costs one token (as any
 * message) plus one per this many rooms it names, so one message touching 99 rooms costs 10.
 */
export const ROOMS_PER_RATE_TOKEN = 10;

/** How often a hub asks the broker whether its stream was recreated (a new epoch). */
export const EPOCH_CHECK_MS = 5_000;

/**
 * Longest a plain HTTP request (headers and body, e.g. a 4 MiB publish) may take before Node
 * answers 408 and closes it. The header deadline is HUB_HEADER_TIMEOUT_MS, much shorter.
 */
export const REQUEST_TIMEOUT_MS = 30_000;

/** `Retry-After` (seconds) of a publish answered 503 because the broker is not available. */
export const PUBLISH_RETRY_AFTER_S = 2;

/**
 * A catch-up read (stream position, replay, snapshot) that fails for a broker reason (JetStream
 * request timeout, consumer gone) is retried this many times, waiting CATCH_UP_RETRY_MS and
 * doubling, before the connection is closed 1013 with a `retry_ms` hint. A replay that fails
 * halfway resumes after the last event it sent, so a retry never sends anything twice.
 */
export const CATCH_UP_RETRIES = 3;
export const CATCH_UP_RETRY_MS = 200;

/**
 * Acknowledged alerts a room's snapshot keeps (protocol 1.1): the newest acknowledgement of
 * each, for at most this many alerts per room; the least recently acknowledged leaves first.
 * Bounds the memory per room and the size of every snapshot (~250 bytes an acknowledgement).
 */
export const ACKNOWLEDGED_ALERTS_PER_ROOM = 500;

/**
 * Inbound rate cost of an `append`: a durable write to the stream and a delivery to every
 * follower of the room, so it costs this many tokens of the connection's bucket (a `ping`
 * costs one): with the default 20/s, burst 40, a client may append 5 per second, 10 at once.
 */
export const APPEND_RATE_COST = 4;
