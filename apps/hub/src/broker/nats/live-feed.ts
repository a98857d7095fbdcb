import type { Consumer, ConsumerMessages, JsMsg } from "@nats-io/jetstream";
import type { LiveListener, LiveSubscription } from "../broker.js";
import type { NatsContext } from "./context.js";
import { decodeStoredMessage } from "./decode.js";
import { readPosition } from "./stream.js";
import type { InvalidEventReason } from "./subjects.js";

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

/** One consumer and the message iterator the feed reads it through. */
interface Reader {
  consumer: Consumer;
  messages: ConsumerMessages;
}

/**
 * The feed's states. `watching`: a consumer delivers and is watched (heartbeats, unexpected
 * close, stalls). `reopening`: the consumer was dropped and a new one is being created from
 * the last delivered sequence, retrying until it works. `stopped`: final.
 */
type FeedState =
  | { name: "watching"; reader: Reader }
  | { name: "reopening"; done: Promise<void> }
  | { name: "stopped" };

/**
 * The hub's live feed: one ordered consumer over the whole stream, starting right after the
 * head read from stream info, so `startSeq` is exact. Ordered consumers keep no server state
 * worth keeping: whenever the consumer is lost (connection drop, server restart, the
 * consumer's server leaving the cluster, a stall) a new one is created from the last stream
 * sequence delivered, so nothing is skipped or repeated.
 */
export class NatsLiveFeed implements LiveSubscription {
  private state: FeedState | undefined;
  private delivered: number;
  private progressMark: number;
  private readonly stallCheck: NodeJS.Timeout;
  private stopping: Promise<void> | undefined;

  /** Opens the feed; resolves once its first consumer delivers. */
  static async open(
    ctx: NatsContext,
    listener: LiveListener,
    options: LiveFeedOptions,
    /** Start after this sequence instead of the current head (the engine's latest-value seed). */
    afterSeq?: number,
  ): Promise<NatsLiveFeed> {
    const startSeq = afterSeq ?? (await readPosition(ctx.jsm, ctx.stream)).lastSeq;
    const feed = new NatsLiveFeed(ctx, listener, options, startSeq);
    try {
      feed.state = { name: "watching", reader: await feed.createReader() };
    } catch (error) {
      await feed.stop();
      throw error;
    }
    return feed;
  }

  private constructor(
    private readonly ctx: NatsContext,
    private readonly listener: LiveListener,
    private readonly options: LiveFeedOptions,
    readonly startSeq: number,
  ) {
    this.delivered = startSeq;
    this.progressMark = startSeq;
    this.stallCheck = setInterval(() => this.checkProgress(), STALL_CHECK_MS);
    this.stallCheck.unref();
  }

  stop(): Promise<void> {
    this.stopping ??= this.shutdown();
    return this.stopping;
  }

  private async shutdown(): Promise<void> {
    clearInterval(this.stallCheck);
    const before = this.state;
    this.state = { name: "stopped" };
    if (before?.name === "reopening") await before.done;
    if (before?.name === "watching") await this.release(before.reader);
  }

  private deliver(message: JsMsg): void {
    // A replaced consumer may still hand over a message it had buffered: seq order is the truth.
    if (message.seq <= this.delivered) return;
    this.delivered = message.seq;
    const decoded = decodeStoredMessage(message, this.ctx.routing);
    if (!decoded.ok) {
      this.ctx.logger.warn(
        { subject: message.subject, seq: message.seq, reason: decoded.reason },
        `invalid event dropped: ${decoded.message}`,
      );
      this.options.onInvalidEvent?.(decoded.reason);
      return;
    }
    // A throwing callback would stop the consumer (nats.js ends consume on callback errors);
    // one bad listener call must not end the feed for everyone.
    try {
      this.listener(decoded.event);
    } catch (error) {
      this.ctx.logger.error({ err: error, seq: message.seq }, "live listener threw");
    }
  }

  private async createReader(): Promise<Reader> {
    const consumer = await this.ctx.js.consumers.get(this.ctx.stream, {
      opt_start_seq: this.delivered + 1,
    });
    const messages = await consumer.consume({
      max_messages: PULL_BATCH,
      expires: PULL_EXPIRES_MS,
      idle_heartbeat: IDLE_HEARTBEAT_MS,
      callback: (message) => this.deliver(message),
    });
    const reader = { consumer, messages };
    void this.watch(reader);
    void messages.closed().then(() => {
      // Closed by nats.js rather than by us (we leave `watching` first): the feed must go on.
      if (this.isCurrent(reader)) {
        this.ctx.logger.warn({}, "live consumer closed unexpectedly");
        this.reopen();
      }
    });
    return reader;
  }

  private isCurrent(reader: Reader): boolean {
    return this.state?.name === "watching" && this.state.reader === reader;
  }

  private async watch(reader: Reader): Promise<void> {
    for await (const status of reader.messages.status()) {
      switch (status.type) {
        case "ordered_consumer_recreated":
          this.ctx.logger.info({ consumer: status.name }, "live consumer recreated");
          break;
        case "stream_not_found":
          this.ctx.logger.error(
            { stream: this.ctx.stream },
            "stream not found by the live consumer",
          );
          break;
        case "heartbeats_missed":
          this.ctx.logger.warn({ count: status.count }, "live consumer missed heartbeats");
          if (status.count >= REOPEN_AFTER_MISSED_HEARTBEATS && this.isCurrent(reader)) {
            this.reopen();
          }
          break;
        default:
          break;
      }
    }
  }

  /** watching → reopening → watching (or stopped, if `stop` came meanwhile). */
  private reopen(): void {
    if (this.state?.name !== "watching") return;
    const { reader } = this.state;
    const done = (async () => {
      await this.release(reader);
      while (this.state?.name === "reopening") {
        try {
          const next = await this.createReader();
          if (this.state.name !== "reopening") {
            await this.release(next);
            return;
          }
          this.state = { name: "watching", reader: next };
          this.ctx.logger.info({ from: this.delivered + 1 }, "live consumer reopened");
          return;
        } catch (error) {
          this.ctx.logger.warn({ err: error }, "reopening the live consumer failed; retrying");
          await new Promise((resolve) => setTimeout(resolve, REOPEN_RETRY_MS));
        }
      }
    })();
    this.state = { name: "reopening", done };
  }

  private async release(reader: Reader): Promise<void> {
    await reader.messages.close().catch(() => undefined);
    // The server would drop it after its inactivity threshold; deleting frees it now.
    // Not awaited: during an outage the request would hold up shutdown for its timeout.
    void reader.consumer.delete().catch(() => false);
  }

  /** Stall check: no progress over a whole interval while the stream head is ahead. */
  private checkProgress(): void {
    if (this.state?.name !== "watching") return;
    const before = this.progressMark;
    this.progressMark = this.delivered;
    if (this.delivered !== before) return;
    readPosition(this.ctx.jsm, this.ctx.stream).then(
      ({ lastSeq }) => {
        if (
          this.state?.name === "watching" &&
          lastSeq > this.delivered &&
          this.delivered === before
        ) {
          this.ctx.logger.warn(
            { delivered: this.delivered, head: lastSeq },
            "live consumer stalled behind the stream",
          );
          this.reopen();
        }
      },
      () => undefined, // Disconnected: the connection's own recovery comes first.
    );
  }
}
