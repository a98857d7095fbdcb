/** How subscriptions caught up; read by metrics at scrape time. */
export interface ReplayStats {
  /** Subscriptions served by replaying missed events. */
  replays: number;
  replayedEvents: number;
  /** Subscriptions served by a snapshot (no `since`, or after a reset). */
  snapshots: number;
  /** `reset` messages sent, by reason. */
  resets: Record<string, number>;
  /** Replays served from the hub's recent events, without a stream read. */
  recentReplays: number;
  /** Catch-up reads retried after a broker error. */
  retries: number;
  /** Subscriptions that started with history (protocol 1.1), and the events they were sent. */
  histories: number;
  historyEvents: number;
}

export function createReplayStats(): ReplayStats {
  return {
    replays: 0,
    replayedEvents: 0,
    snapshots: 0,
    resets: {},
    retries: 0,
    recentReplays: 0,
    histories: 0,
    historyEvents: 0,
  };
}
