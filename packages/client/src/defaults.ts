/**
 * Every tunable of the client in one place. Each is also an option where a caller could
 * reasonably want another value; these are the defaults.
 */

/** Backoff: the first retry waits up to this long (full jitter: random(0, ceiling)). */
export const BACKOFF_BASE_MS = 500;

/**
 * Backoff: no retry waits longer than this, however many attempts failed. 10 s, not the 30 s
 * of many clients: after a hub restart the last client is back within about this long (the
 * restart storm bench, bench/STORM.md), and full jitter still spreads a crowd evenly over it.
 * A hub that cannot take them says so with 1013 and `retry_ms`, which the client honours.
 */
export const BACKOFF_CAP_MS = 10_000;

/**
 * A connection that stayed open this long counts as healthy: the failure count (and so the
 * backoff) starts over. Resetting on `open` alone would let a server that accepts and drops
 * at once hold the client in a tight loop.
 */
export const STABLE_CONNECTION_MS = 10_000;

/** A 1001 close's `retry_ms` hint is spread by ±this fraction, so clients do not return at once. */
export const RETRY_HINT_JITTER = 0.2;

/**
 * After 4008 (slow consumer) or 4001 (token expired) the next try waits random(0, this):
 * nothing is wrong with the server, but many clients may have been closed together.
 */
export const QUICK_RETRY_MS = 250;

/**
 * After 4010 (an operator disconnected this connection) the next try waits this long, spread
 * by ±DISCONNECTED_RETRY_JITTER (10–20 s): the operator meant it (often a revoke follows), and
 * everyone disconnected together must not come straight back as one herd. "Retry now" skips it.
 */
export const DISCONNECTED_RETRY_MS = 15_000;
export const DISCONNECTED_RETRY_JITTER = 1 / 3;

/** JSON `ping` interval; no frame at all for HEARTBEAT_MISSES intervals means a dead link. */
export const HEARTBEAT_MS = 15_000;
export const HEARTBEAT_MISSES = 2;

/** A JWT is refreshed this long before its `exp` (or halfway, for tokens shorter than twice this). */
export const TOKEN_REFRESH_LEAD_MS = 60_000;

/** How long a request (e.g. `refresh`) waits for the hub's answer before going on without it. */
export const REPLY_TIMEOUT_MS = 10_000;

/** When the token function returned no newer token, ask again after this long. */
export const TOKEN_RETRY_MS = 5_000;

/** setTimeout fires at once for delays above 2^31-1 ms; longer waits are clamped to this. */
export const MAX_TIMER_MS = 2_147_483_647;

// ---------------------------------------------------------------- store

/** Recent playbacks kept per room, newest first. */
export const MAX_RECENT_PLAYBACKS = 200;

/** Active sessions kept per room; the least recently updated go first. */
export const MAX_ACTIVE_SESSIONS = 200;

/** Running syncs tracked per room (a producer that never finishes one must not leak memory). */
export const MAX_RUNNING_SYNCS = 100;

/** Finished `sync_progress` (any status but running) and `sync_completed` summaries kept per room. */
export const MAX_FINISHED_SYNCS = 50;

/** Detection alerts kept per room, newest first. */
export const MAX_ALERTS = 100;

/** Acknowledgements kept per room (by alert id); the oldest go first. */
export const MAX_ACKNOWLEDGEMENTS = 1_000;

/**
 * Playbacks kept per room once "load older" paged further back than MAX_RECENT_PLAYBACKS: the
 * feed then keeps as many as it shows, up to this bound (the oldest go first).
 */
export const MAX_LOADED_PLAYBACKS = 2_000;

/** Indicators kept per room (the hub rate-limits senders; this bounds memory all the same). */
export const MAX_INDICATORS_PER_ROOM = 100;

/** Event rate: events per minute over this sliding window, counted in one-second buckets. */
export const RATE_WINDOW_MS = 60_000;
export const RATE_BUCKET_MS = 1_000;

/**
 * How far back the buckets reach: the throughput chart's window. A page opened on a room draws
 * the recent minutes from the room's history (counted at the events' hub times).
 */
export const RATE_HISTORY_MS = 5 * 60_000;

/** How often the store recomputes rates while no events arrive, so an idle room decays to 0. */
export const RATE_TICK_MS = 5_000;

/**
 * Browsers stop running requestAnimationFrame in background tabs; a flush also runs after
 * this long so the event buffer cannot grow without bound while the tab is hidden.
 */
export const FLUSH_FALLBACK_MS = 250;
