/**
 * Counters on the fan-out hot path. Plain numbers incremented in place; Prometheus reads them
 * at scrape time (metrics.ts), so a delivery costs no metric-library call.
 */
export interface DeliveryStats {
  messagesOut: number;
  bytesOut: number;
  /** Latest-value frames dropped because a newer one replaced them in a queue. */
  coalesced: number;
  slowConsumerCloses: number;
  messagesIn: number;
  /** Events received from the broker's live feed. */
  eventsIn: number;
  /** Events a producer sent that failed validation and were not broadcast. */
  invalidEvents: number;
}

export function createDeliveryStats(): DeliveryStats {
  return {
    messagesOut: 0,
    bytesOut: 0,
    coalesced: 0,
    slowConsumerCloses: 0,
    messagesIn: 0,
    eventsIn: 0,
    invalidEvents: 0,
  };
}
