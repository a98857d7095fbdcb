import type { ConsumerMessages, JsMsg } from "@nats-io/jetstream";
import type { LiveListener, LiveSubscription } from "./broker.js";
import type { NatsContext } from "./nats-context.js";
import { decodeStoredMessage } from "./nats-decode.js";
import { readPosition } from "./nats-stream.js";
import type { InvalidEventReason } from "./nats-subjects.js";

export interface LiveFeedOptions {
  onInvalidEvent?: ((reason: InvalidEventReason) => void) | undefined;
}

// Messages requested per pull; the consumer re-pulls at 75 % so the pipe never runs dry.
const PULL_BATCH = 512;
// nats.js 3.3.1 recreates an ordered consumer lost in a server restart but keeps the old
// pull's pending count, so the new consumer's first pull asks for nothing and the feed stalls
// until two idle heartbeats are missed, which resets the count. The default heartbeat (15 s)
// meant a 30 s+ gap after every restart with a backlog; 1 s heartbeats (and 10 s pulls) make
// that a couple of seconds, for one tiny server message per idle second. Covered by the
// "resumes mid-backlog" test.
const PULL_EXPIRES_MS = 10_000;
const IDLE_HEARTBEAT_MS = 1_000;

/**
 * One ordered consumer over the whole stream, starting right after the head read from stream
 * info, so `startSeq` is exact. Ordered consumers keep no server state worth keeping: when the
 * connection drops or the server restarts, nats.js recreates the consumer from the last stream
 * sequence it delivered, so nothing is skipped or repeated.
 */
export async function openLiveFeed(
  ctx: NatsContext,
  listener: LiveListener,
  options: LiveFeedOptions,
): Promise<LiveSubscription> {
  const { lastSeq } = await readPosition(ctx.jsm, ctx.stream);
  const consumer = await ctx.js.consumers.get(ctx.stream, { opt_start_seq: lastSeq + 1 });
  const deliver = (message: JsMsg) => {
    const decoded = decodeStoredMessage(message, ctx.defaultRoom);
    if (!decoded.ok) {
      ctx.logger.warn(
        { subject: message.subject, seq: message.seq, reason: decoded.reason },
        `invalid event dropped: ${decoded.message}`,
      );
      options.onInvalidEvent?.(decoded.reason);
      return;
    }
    // A throwing callback would stop the consumer (nats.js ends consume on callback errors);
    // one bad listener call must not end the feed for everyone.
    try {
      listener(decoded.event);
    } catch (error) {
      ctx.logger.error({ err: error, seq: message.seq }, "live listener threw");
    }
  };
  const messages = await consumer.consume({
    max_messages: PULL_BATCH,
    expires: PULL_EXPIRES_MS,
    idle_heartbeat: IDLE_HEARTBEAT_MS,
    callback: deliver,
  });
  void logNotifications(ctx, messages);

  let stopped: Promise<void> | undefined;
  return {
    startSeq: lastSeq,
    stop: () => {
      stopped ??= (async () => {
        await messages.close();
        // The server would drop it after its inactivity threshold; deleting frees it now.
        // Not awaited: during an outage the request would hold up shutdown for its timeout.
        void consumer.delete().catch(() => false);
      })();
      return stopped;
    },
  };
}

async function logNotifications(ctx: NatsContext, messages: ConsumerMessages): Promise<void> {
  for await (const status of messages.status()) {
    switch (status.type) {
      case "ordered_consumer_recreated":
        ctx.logger.info({ consumer: status.name }, "live consumer recreated");
        break;
      case "stream_not_found":
        ctx.logger.error({ stream: ctx.stream }, "stream not found by the live consumer");
        break;
      case "heartbeats_missed":
        ctx.logger.warn({ count: status.count }, "live consumer missed heartbeats");
        break;
      default:
        break;
    }
  }
}
