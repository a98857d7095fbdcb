import type { JetStreamClient } from "@nats-io/jetstream";
import type { PublishInput } from "@pulseboard/protocol";
import { subjectFor } from "./nats-subjects.js";

// Acks awaited at once: enough to hide the round trip, few enough to bound pending acks.
const PIPELINE = 256;

/**
 * Publishes already validated events to the stream and returns their stream sequences, in
 * input order. Publishes are pipelined on the one connection, which the server processes in
 * order, so sequences follow input order. JetStream on 2.9 has no atomic batch: a transport
 * failure part-way leaves the earlier events published (validation, done by the caller before
 * this, is all or nothing).
 */
export async function publishEvents(
  js: JetStreamClient,
  stream: string,
  inputs: readonly PublishInput[],
): Promise<number[]> {
  const seqs: number[] = [];
  for (let start = 0; start < inputs.length; start += PIPELINE) {
    const chunk = inputs.slice(start, start + PIPELINE);
    const acks = await Promise.all(
      chunk.map((input) =>
        js.publish(subjectFor(input), JSON.stringify(input.data), {
          // Fails loudly if the subject is captured by some other stream.
          expect: { streamName: stream },
        }),
      ),
    );
    for (const ack of acks) seqs.push(ack.seq);
  }
  return seqs;
}
