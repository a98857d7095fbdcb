import { nowUs } from "../clock.js";
import { type PlaybackData, playbackData } from "../payload.js";

/** What the orchestrator asks a peer's in-process producer to do. */
export interface ProducePlan {
  /** Events per second. */
  rate: number;
  durationMs: number;
  /**
   * 0: each event at its own time (smooth). > 0: events due are released together every
   * `tickMs` (bursty producers: many events back to back, then quiet).
   */
  tickMs: number;
}

export interface ProduceResult {
  published: number;
  /** From the first emit to the end of the last one. */
  elapsedMs: number;
  /**
   * How much later than planned the last event was handed over (its burst's release time, or
   * its own due time): a busy event loop delays ticks, and the lag grows when it cannot keep up.
   */
  lagMs: number;
}

let nextIndex = 0;

/**
 * Emits `rate × duration` events on a fixed schedule (event i is due at i/rate s), each with a
 * fresh `sent_us` taken just before it is handed to the peer. A late tick catches up by
 * emitting every event already due, so the count is always exact and the lag is measured.
 */
export function produce(
  plan: ProducePlan,
  emit: (data: PlaybackData) => void,
): Promise<ProduceResult> {
  const total = Math.max(1, Math.round((plan.rate * plan.durationMs) / 1000));
  const intervalUs = 1_000_000 / plan.rate;
  const tickUs = plan.tickMs * 1000;
  /** When an event due at `dueUs` is planned to go out: its own time, or the next burst. */
  const releaseUs = (dueUs: number): number =>
    tickUs > 0 ? Math.ceil(dueUs / tickUs) * tickUs : dueUs;
  const start = nowUs();
  let sent = 0;
  return new Promise((resolve, reject) => {
    const tick = (): void => {
      try {
        const due = Math.min(total, Math.floor((nowUs() - start) / intervalUs) + 1);
        while (sent < due) {
          emit(playbackData(nextIndex++, nowUs()));
          sent++;
        }
        const elapsedUs = nowUs() - start;
        if (sent >= total) {
          resolve({
            published: sent,
            elapsedMs: elapsedUs / 1000,
            lagMs: Math.max(0, (elapsedUs - releaseUs((total - 1) * intervalUs)) / 1000),
          });
          return;
        }
        const nextTickUs = releaseUs(sent * intervalUs);
        setTimeout(tick, Math.max(0, (nextTickUs - elapsedUs) / 1000));
      } catch (error) {
        reject(error);
      }
    };
    tick();
  });
}
