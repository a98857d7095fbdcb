import type { JetStreamClient } from "@nats-io/jetstream";
import type { ProducedEvent, PublishResult } from "../broker.js";
import { subjectFor } from "./subjects.js";

// Acks awaited at once: enough to hide the round trip, few enough to bound pending acks.
const PIPELINE = 256;

/**
 * Publishes already validated events to the stream and returns their stream sequences, in
 * input order. Publishes are pipelined on the one connection, which the server processes in
 * order, so sequences follow input order. JetStream on 2.9 has no atomic batch: a transport
 * failure part-way leaves the earlier events published (validation, done by the caller before
 * this, is all or nothing).
 *
 * The body is the producer's own `data` text when there is one, so the stream holds what the
 * producer wrote. An idempotency key travels as `Nats-Msg-Id`: within the stream's duplicate
 * window JetStream stores it once and acknowledges a retry with the first copy's sequence.
 */
export async function publishEvents(
  js: JetStreamClient,
  stream: string,
  inputs: readonly ProducedEvent[],
): Promise<PublishResult> {
  const result: PublishResult = { seqs: [], duplicates: [] };
  for (let start = 0; start < inputs.length; start += PIPELINE) {
    const chunk = inputs.slice(start, start + PIPELINE);
    const acks = await Promise.all(
      chunk.map((input) =>
        js.publish(subjectFor(input), input.dataJson ?? JSON.stringify(input.data), {
          // Fails loudly if the subject is captured by some other stream.
          expect: { streamName: stream },
          ...(input.idempotency_key === undefined ? {} : { msgID: input.idempotency_key }),
        }),
      ),
    );
    for (const [offset, ack] of acks.entries()) {
      result.seqs.push(ack.seq);
      if (ack.duplicate) result.duplicates.push(start + offset);
    }
  }
  return result;
}
