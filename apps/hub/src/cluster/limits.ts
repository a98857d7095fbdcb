/** Constants of the worker cluster (HUB_WORKERS > 1), not worth a configuration variable. */

/**
 * A worker that exits on its own is restarted after WORKER_RESTART_DELAY_MS, at most
 * MAX_WORKER_RESTARTS times within WORKER_RESTART_WINDOW_MS; past that something is wrong
 * with every worker (NATS unreachable, a crash on every start) and the primary stops them all
 * and exits 1, for the orchestrator to see.
 */
export const MAX_WORKER_RESTARTS = 5;
export const WORKER_RESTART_WINDOW_MS = 60_000;
export const WORKER_RESTART_DELAY_MS = 500;

/** How long a scrape waits for the workers' metrics; a worker that misses it is left out. */
export const METRICS_GATHER_TIMEOUT_MS = 2_000;

/** Extra time the primary grants draining workers past their own deadline before SIGKILL. */
export const PRIMARY_SHUTDOWN_GRACE_MS = 2_000;
