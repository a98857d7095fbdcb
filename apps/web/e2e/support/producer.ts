import { type JetStreamClient, jetstream } from "@nats-io/jetstream";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import type { PulseEvent } from "./events";

/**
 * Publishes events the way a media server does: JSON bodies on `pulse.<room>.<type>` (and
 * `pulse.<room>.sync_progress.<correlation_id>`), straight to NATS JetStream, each acknowledged
 * with its stream sequence. The hubs read them from the stream; none of them is involved here.
 */
export class Producer {
  private constructor(
    private readonly nc: NatsConnection,
    private readonly js: JetStreamClient,
  ) {}

  static async connect(servers: string): Promise<Producer> {
    const nc = await connect({ servers, maxReconnectAttempts: -1, reconnectTimeWait: 200 });
    return new Producer(nc, jetstream(nc, { timeout: 10_000 }));
  }

  /** Publishes one event; resolves with its stream sequence once JetStream has stored it. */
  async publish(room: string, event: PulseEvent): Promise<number> {
    const ack = await this.js.publish(subjectOf(room, event), JSON.stringify(event.data));
    return ack.seq;
  }

  /** Publishes events in order, one after the other. */
  async publishAll(room: string, events: readonly PulseEvent[]): Promise<number[]> {
    const seqs: number[] = [];
    for (const event of events) seqs.push(await this.publish(room, event));
    return seqs;
  }

  /**
   * Publishes many events fast and still in order: up to `window` acknowledgements are awaited
   * at once. One connection writes the messages in call order, so the stream keeps that order.
   */
  async publishMany(room: string, events: readonly PulseEvent[], window = 100): Promise<number[]> {
    const seqs: number[] = [];
    for (let start = 0; start < events.length; start += window) {
      const batch = events.slice(start, start + window);
      seqs.push(...(await Promise.all(batch.map((event) => this.publish(room, event)))));
    }
    return seqs;
  }

  close(): Promise<void> {
    return this.nc.drain();
  }
}

export function subjectOf(room: string, event: PulseEvent): string {
  return event.type === "sync_progress"
    ? `pulse.${room}.sync_progress.${event.data.correlation_id}`
    : `pulse.${room}.${event.type}`;
}
