import type { Consumer, ConsumerMessages, JsMsg } from "@nats-io/jetstream";
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
// When the server that hosted the consumer leaves a cluster, nats.js's own recovery can keep
// missing heartbeats without ever recreating the consumer. After this many missed heartbeats
// in a row the feed replaces the consumer itself, from the last sequence it delivered.
const REOPEN_AFTER_MISSED_HEARTBEATS = 4;
const REOPEN_RETRY_MS = 1_000;
// Last line of defence, whatever the cause: every few seconds the feed compares what it has
// delivered with the stream's head. Events waiting in the stream while the feed made no
// progress over a whole interval mean the consumer is stuck, and it is replaced.
const STALL_CHECK_MS = 3_000;

/**
 * One ordered consumer over the whole stream, starting right after the head read from stream
 * info, so `startSeq` is exact. Ordered consumers keep no server state worth keeping: when the
 * connection drops, the server restarts or the consumer's server leaves the cluster, the
 * consumer is recreated from the last stream sequence delivered, so nothing is skipped or
 * repeated.
 */
export async function openLiveFeed(
  ctx: NatsContext,
  listener: LiveListener,
  options: LiveFeedOptions,
): Promise<LiveSubscription> {
  const { lastSeq: startSeq } = await readPosition(ctx.jsm, ctx.stream);
  let delivered = startSeq;
  let stopped = false;
  let current: { consumer: Consumer; messages: ConsumerMessages } | undefined;
  let reopening: Promise<void> | undefined;

  const deliver = (message: JsMsg) => {
    // A replaced consumer may still hand over a message it had buffered: seq order is the truth.
    if (message.seq <= delivered) return;
    delivered = message.seq;
    const decoded = decodeStoredMessage(message, ctx.routing);
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

  const open = async () => {
    const consumer = await ctx.js.consumers.get(ctx.stream, { opt_start_seq: delivered + 1 });
    const messages = await consumer.consume({
      max_messages: PULL_BATCH,
      expires: PULL_EXPIRES_MS,
      idle_heartbeat: IDLE_HEARTBEAT_MS,
      callback: deliver,
    });
    current = { consumer, messages };
    void watch(messages);
    void messages.closed().then(() => {
      // Closed by nats.js rather than by us (we clear `current` first): the feed must go on.
      if (!stopped && current?.messages === messages) {
        ctx.logger.warn({}, "live consumer closed unexpectedly");
        reopen();
      }
    });
  };

  const close = async (feed: { consumer: Consumer; messages: ConsumerMessages }) => {
    await feed.messages.close().catch(() => undefined);
    // The server would drop it after its inactivity threshold; deleting frees it now.
    // Not awaited: during an outage the request would hold up shutdown for its timeout.
    void feed.consumer.delete().catch(() => false);
  };

  const reopen = () => {
    reopening ??= (async () => {
      const old = current;
      current = undefined;
      if (old !== undefined) await close(old);
      while (!stopped) {
        try {
          await open();
          ctx.logger.info({ from: delivered + 1 }, "live consumer reopened");
          return;
        } catch (error) {
          ctx.logger.warn({ err: error }, "reopening the live consumer failed; retrying");
          await new Promise((resolve) => setTimeout(resolve, REOPEN_RETRY_MS));
        }
      }
    })().finally(() => {
      reopening = undefined;
    });
  };

  const watch = async (messages: ConsumerMessages) => {
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
          if (status.count >= REOPEN_AFTER_MISSED_HEARTBEATS && current?.messages === messages) {
            reopen();
          }
          break;
        default:
          break;
      }
    }
  };

  let progressMark = delivered;
  const stallCheck = setInterval(() => {
    if (stopped || reopening !== undefined) return;
    const before = progressMark;
    progressMark = delivered;
    if (delivered !== before) return;
    readPosition(ctx.jsm, ctx.stream).then(
      ({ lastSeq }) => {
        if (!stopped && lastSeq > delivered && delivered === before) {
          ctx.logger.warn({ delivered, head: lastSeq }, "live consumer stalled behind the stream");
          reopen();
        }
      },
      () => undefined, // Disconnected: the connection's own recovery comes first.
    );
  }, STALL_CHECK_MS);
  stallCheck.unref();

  await open();
  let stopping: Promise<void> | undefined;
  return {
    startSeq,
    stop: () => {
      stopping ??= (async () => {
        stopped = true;
        clearInterval(stallCheck);
        await reopening;
        if (current !== undefined) await close(current);
        current = undefined;
      })();
      return stopping;
    },
  };
}
