import { DeliverPolicy } from "@nats-io/jetstream";
import type { BrokerEvent } from "../broker.js";
import { isLatestValueType } from "../latest-values.js";
import type { NatsContext } from "./context.js";
import { decodeRoutedMessage } from "./decode.js";
import { readPosition } from "./stream.js";
import { PULSE_SUBJECTS, parseSubject } from "./subjects.js";

const BATCH = 512;
const IDLE_MS = 2_000;

/** The latest values stored in the stream, and the sequence they are complete through. */
export interface LatestValuesSeed {
  /** Valid latest-value events (`isLatestValueType`), in seq order. */
  events: BrokerEvent[];
  /**
   * Every event with `seq <= through` is reflected: a live feed started after `through` and
   * applied on top of the seed gives exactly the state of the stream.
   */
  through: number;
}

/**
 * The seed of the NATS engine's latest values (see NatsBroker.subscribe): ONE ordered consumer
 * with deliver policy last-per-subject over `pulse.>` (one filter, so it works on 2.9) reads
 * the newest message of every subject once, for every room at once. `sync_progress` is keyed
 * per correlation id in its subject, so that includes the newest update of every sync still
 * retained; `alert_acknowledged` likewise per alert id (the newest acknowledgement of every
 * alert the stream retains, bounded per room by LatestValues). Subjects of other types are skipped by subject before their bodies are parsed;
 * the others pass the same edge validation as the live feed (invalid ones are left out).
 *
 * `through`: the head read before the consumer was created, or the newest message the read
 * returned if later. Only the messages pending at creation are read, and each is the newest
 * of its subject at creation, so no message at or below `through` can be newer than the seed.
 */
export async function readLatestValues(ctx: NatsContext): Promise<LatestValuesSeed> {
  const { lastSeq } = await readPosition(ctx.jsm, ctx.stream);
  const consumer = await ctx.js.consumers.get(ctx.stream, {
    filter_subjects: PULSE_SUBJECTS[0],
    deliver_policy: DeliverPolicy.LastPerSubject,
  });
  try {
    let remaining = (await consumer.info(true)).num_pending;
    let through = lastSeq;
    const events: BrokerEvent[] = [];
    while (remaining > 0) {
      const batch = await consumer.fetch({
        max_messages: Math.min(BATCH, remaining),
        expires: IDLE_MS,
      });
      let received = 0;
      for await (const message of batch) {
        received++;
        through = Math.max(through, message.seq);
        const routed = parseSubject(message.subject, ctx.routing);
        if (!routed.ok || !isLatestValueType(routed.route.type)) continue;
        const decoded = decodeRoutedMessage(message, routed.route);
        if (decoded.ok) events.push(decoded.event);
      }
      if (received === 0) {
        // Retention may have removed some of them meanwhile; what we have is still current.
        ctx.logger.debug({ remaining }, "latest-value read ended early");
        break;
      }
      remaining -= received;
    }
    return { events: events.sort((a, b) => a.seq - b.seq), through };
  } finally {
    // Not awaited, so an abandoned read returns at once even when NATS is unreachable.
    void consumer.delete().catch(() => false);
  }
}
