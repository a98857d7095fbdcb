import { type BrokerEvent, type ReplayRequest, ReplayTruncatedError } from "../broker.js";
import type { NatsContext } from "./context.js";
import { decodeRoutedMessage } from "./decode.js";
import { readPosition, readPositionAtLeast } from "./stream.js";
import { parseSubject } from "./subjects.js";

// Messages per pull. Reading in bounded batches through the iterator gives backpressure for
// free: the next pull is only sent once the caller consumed the previous batch.
const BATCH = 512;
// How long a pull waits for messages before we re-check the stream (must be >= 1 s).
const IDLE_MS = 2_000;

/**
 * Events of `rooms` in `(afterSeq, throughSeq]`, in seq order.
 *
 * Strategy: ONE unfiltered ordered consumer from `afterSeq + 1`, filtering rooms here. Servers
 * before 2.10 cannot filter one consumer on several subjects, and the default room needs two
 * (`pulse.<room>.>` and `playback.>`), so the alternative is a consumer per subject merged by
 * seq. Reading everything is simpler, needs no merge, and makes truncation visible: on an
 * unfiltered read every retained seq arrives, so a jump means messages vanished under us.
 * Replays are bounded by what a client missed; see the report for the measured costs.
 *
 * Each replay owns its consumer, so it never delays the live feed; abandoning the iteration
 * (`break`, `return()`) stops the pull and deletes the consumer.
 */
export async function* replayRange(
  ctx: NatsContext,
  request: ReplayRequest,
): AsyncGenerator<BrokerEvent> {
  const rooms = new Set(request.rooms);
  const everyRoom = request.allRooms === true;
  if (rooms.size === 0 && !everyRoom) return;
  // A `throughSeq` the stream reports not to have reached yet is a stale answer from a
  // replicated stream's new leader (wait for it: ending the range at a stale `last_seq` would
  // drop the rest of it without a trace) or a stream recreated under us (the caller sees the
  // new epoch).
  let expected = request.afterSeq + 1;
  if (expected > request.throughSeq) return;
  const start = await readPositionAtLeast(ctx.jsm, ctx.stream, request.throughSeq);
  const through = Math.min(request.throughSeq, start.lastSeq);
  if (expected > through) return;
  if (expected < start.firstSeq) throw new ReplayTruncatedError(expected);

  const consumer = await ctx.js.consumers.get(ctx.stream, { opt_start_seq: expected });
  try {
    while (expected <= through) {
      const batch = await consumer.fetch({
        max_messages: Math.min(BATCH, through - expected + 1),
        expires: IDLE_MS,
      });
      let received = 0;
      for await (const message of batch) {
        received++;
        if (message.seq > expected) await assertSkippedAreGone(ctx, expected);
        if (message.seq > through) return;
        expected = message.seq + 1;
        // Route by subject first: parsing and validating bodies of rooms nobody asked for was
        // most of the cost of an unfiltered read. Invalid events were already counted by the
        // live feed; here they are just skipped.
        const routed = parseSubject(message.subject, ctx.routing);
        if (routed.ok && (everyRoom || rooms.has(routed.route.room))) {
          const decoded = decodeRoutedMessage(message, routed.route);
          if (decoded.ok) yield decoded.event;
        }
        // Nothing left after this message: the rest of the range was deleted.
        if (message.info.pending === 0) return;
      }
      if (received === 0) {
        const now = await readPosition(ctx.jsm, ctx.stream);
        if (now.firstSeq > expected) throw new ReplayTruncatedError(expected);
        if (now.lastSeq < expected) return;
      }
    }
  } finally {
    // Not awaited, so an abandoned read returns at once even when NATS is unreachable.
    void consumer.delete().catch(() => false);
  }
}

/**
 * A jump in sequence is either an interior deletion (harmless: nothing to deliver) or
 * retention evicting the range while we read it (the caller must be told). A consumer that
 * stepped over a message the stream still holds would cost a client that event without a
 * trace, so that fails the replay instead (the catch-up closes the connection and the client
 * resumes again). One lookup per jump; jumps are rare (deletions).
 */
async function assertSkippedAreGone(ctx: NatsContext, seq: number): Promise<void> {
  const now = await readPosition(ctx.jsm, ctx.stream);
  if (now.firstSeq > seq) throw new ReplayTruncatedError(seq);
  if ((await ctx.jsm.streams.getMessage(ctx.stream, { seq })) !== null) {
    throw new Error(`replay skipped seq ${seq}, which the stream still holds`);
  }
}
