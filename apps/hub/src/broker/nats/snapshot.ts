import { DeliverPolicy } from "@nats-io/jetstream";
import type { BrokerEvent } from "../broker.js";
import { LatestValues } from "../latest-values.js";
import type { NatsContext } from "./context.js";
import { decodeStoredMessage } from "./decode.js";
import { roomFilter } from "./subjects.js";

const BATCH = 512;
const IDLE_MS = 2_000;

/**
 * A room's latest-value state read from the stream itself: one ordered consumer with deliver
 * policy last-per-subject on `pulse.<room>.>` returns the newest message of every subject of
 * the room (works on 2.9: a single filter). Because `sync_progress` is keyed per correlation id
 * in its subject, that includes the newest update of every sync still retained. The same
 * `LatestValues` rules as the memory engine then pick the newest stats and running syncs.
 */
export async function readSnapshot(ctx: NatsContext, room: string): Promise<BrokerEvent[]> {
  const consumer = await ctx.js.consumers.get(ctx.stream, {
    filter_subjects: roomFilter(room),
    deliver_policy: DeliverPolicy.LastPerSubject,
  });
  try {
    // Only the messages pending at creation are the snapshot; later ones are live traffic.
    let remaining = (await consumer.info(true)).num_pending;
    const events: BrokerEvent[] = [];
    while (remaining > 0) {
      const batch = await consumer.fetch({
        max_messages: Math.min(BATCH, remaining),
        expires: IDLE_MS,
      });
      let received = 0;
      for await (const message of batch) {
        received++;
        const decoded = decodeStoredMessage(message, ctx.routing);
        if (decoded.ok) events.push(decoded.event);
      }
      if (received === 0) {
        // Retention may have removed some of them meanwhile; what we have is still current.
        ctx.logger.debug({ room, remaining }, "snapshot read ended early");
        break;
      }
      remaining -= received;
    }
    const latest = new LatestValues();
    for (const event of events.sort((a, b) => a.seq - b.seq)) latest.record(event);
    return latest.snapshot(room);
  } finally {
    // Not awaited, so an abandoned read returns at once even when NATS is unreachable.
    void consumer.delete().catch(() => false);
  }
}
