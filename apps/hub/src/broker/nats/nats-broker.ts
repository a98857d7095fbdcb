import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import { type ConnectionOptions, connect, type NatsConnection } from "@nats-io/transport-node";
import { isValidRoom } from "@pulseboard/protocol";
import {
  assertEphemeralChannel,
  type Broker,
  type BrokerEvent,
  type EphemeralListener,
  type EphemeralMessage,
  type HistoryRequest,
  type LiveListener,
  type LiveSubscription,
  type ProducedEvent,
  type PublishResult,
  type ReplayRequest,
  type StreamPosition,
} from "../broker.js";
import { newestEvents } from "../history-windows.js";
import { LatestValues } from "../latest-values.js";
import type { BrokerLogger } from "../logger.js";
import type { NatsContext } from "./context.js";
import { NatsEphemeral } from "./ephemeral.js";
import type { PlaybackOrigin, UpstreamSetting } from "./layout.js";
import { NatsLiveFeed } from "./live-feed.js";
import { publishEvents } from "./publish.js";
import { replayRange } from "./replay.js";
import { readLatestValues } from "./snapshot.js";
import { ensureStream, epochOf, readPosition, readPositionAtLeast } from "./stream.js";
import { DEFAULT_PLAYBACK_SUBJECT, type InvalidEventReason } from "./subjects.js";

export interface NatsBrokerOptions {
  servers: string | string[];
  /** JetStream stream name (default `PULSE`). */
  stream?: string;
  /** Retention by age; 0 or unset: no age limit. */
  maxAgeMs?: number;
  /** Retention by size; 0 or unset: no size limit. */
  maxBytes?: number;
  storage?: "file" | "memory";
  replicas?: number;
  /** Room of raw playbacks (the compatibility feed, `playbackSubject`). */
  defaultRoom: string;
  /** Subject filter of raw playbacks (default `playback.>`). */
  playbackSubject?: string;
  /** Where raw playbacks come from (default auto: a backend's stream if one holds them). */
  upstream?: UpstreamSetting;
  /** How far back a newly added upstream source starts copying (default 0: from now). */
  upstreamHistoryMs?: number;
  logger: BrokerLogger;
  /** Called once per event refused at the NATS edge (live feed only, so never twice). */
  onInvalidEvent?: (reason: InvalidEventReason) => void;
}

/** Both of a hub's connections outlive any NATS outage and notice a dead peer within ~30 s. */
function connectionOptions(servers: string | string[], name: string): ConnectionOptions {
  return {
    servers,
    name,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 1_000,
    pingInterval: 10_000,
  };
}

/**
 * The distributed engine: JetStream stream `PULSE` holds the events, its stream sequence is the
 * protocol `seq`, and every hub instance reads it independently (no durable consumer state).
 * Subject mapping: see subjects.ts.
 */
export class NatsBroker implements Broker {
  private connection: NatsConnection | undefined;
  private context: NatsContext | undefined;
  /**
   * Catch-up reads (replays, the latest-value seed) go over their own connection: their bulk
   * traffic can make NATS flag that connection a slow consumer, never the live feed's.
   */
  private catchUpConnection: NatsConnection | undefined;
  private catchUpContext: NatsContext | undefined;
  private currentEpoch = "";
  private connected = false;
  private starting: Promise<void> | undefined;
  private closing: Promise<void> | undefined;
  private readonly readyListeners = new Set<(ready: boolean) => void>();
  /** Open live feeds and the latest values each keeps (insertion order: newest feed last). */
  private readonly feeds = new Map<LiveSubscription, LatestValues>();
  private ephemeral: NatsEphemeral | undefined;
  private origin: PlaybackOrigin | undefined;

  constructor(private readonly options: NatsBrokerOptions) {}

  get epoch(): string {
    return this.currentEpoch;
  }

  /** Where raw playbacks come from, as decided at start (undefined before). */
  get playbackOrigin(): PlaybackOrigin | undefined {
    return this.origin;
  }

  get ready(): boolean {
    return this.connected && this.closing === undefined;
  }

  start(): Promise<void> {
    if (this.closing !== undefined) return Promise.reject(new Error("broker is closed"));
    // Concurrent or repeated starts share one connection; a failed start may be retried.
    this.starting ??= this.connectAndPrepare().catch((error: unknown) => {
      this.starting = undefined;
      throw error;
    });
    return this.starting;
  }

  private async connectAndPrepare(): Promise<void> {
    const { options } = this;
    const nc = await connect(connectionOptions(options.servers, "pulseboard-hub"));
    let catchUp: NatsConnection | undefined;
    try {
      catchUp = await connect(connectionOptions(options.servers, "pulseboard-hub-catch-up"));
      const jsm = await jetstreamManager(nc);
      const stream = options.stream ?? "PULSE";
      const playbackSubject = options.playbackSubject ?? DEFAULT_PLAYBACK_SUBJECT;
      const { info, origin } = await ensureStream(
        jsm,
        {
          name: stream,
          maxAgeMs: options.maxAgeMs ?? 0,
          maxBytes: options.maxBytes ?? 0,
          storage: options.storage ?? "file",
          replicas: options.replicas ?? 1,
          playbackSubject,
          upstream: options.upstream ?? { kind: "auto" },
          upstreamHistoryMs: options.upstreamHistoryMs ?? 0,
        },
        options.logger,
      );
      this.currentEpoch = epochOf(info);
      this.origin = origin;
      this.context = {
        js: jetstream(nc),
        jsm,
        stream,
        routing: { defaultRoom: options.defaultRoom, playbackSubject },
        logger: options.logger,
      };
      this.catchUpContext = {
        ...this.context,
        js: jetstream(catchUp),
        jsm: await jetstreamManager(catchUp),
      };
    } catch (error) {
      await Promise.allSettled([nc.close(), catchUp?.close()]);
      throw error;
    }
    this.connection = nc;
    this.catchUpConnection = catchUp;
    this.ephemeral = new NatsEphemeral(nc, options.logger);
    void this.watchConnection(nc);
    this.setConnected(true);
  }

  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  async publish(events: readonly ProducedEvent[]): Promise<PublishResult> {
    const ctx = this.requireContext();
    // Rooms become subject tokens: a dot or wildcard would publish somewhere else entirely.
    const badRoom = events.find((event) => !isValidRoom(event.room));
    if (badRoom !== undefined) throw new RangeError(`invalid room ${JSON.stringify(badRoom.room)}`);
    return publishEvents(ctx.js, ctx.stream, events);
  }

  /**
   * Opens a live feed that also keeps the latest values snapshots are served from: seeded by
   * ONE read of the stream's newest message per subject (readLatestValues), then fed by the
   * feed itself, which starts right after the seed's `through`. Every event is recorded before
   * the listener sees it, so when the hub's boundary is `b`, every value with seq <= b is in.
   */
  async subscribe(listener: LiveListener): Promise<LiveSubscription> {
    const ctx = this.requireContext();
    const seed = await readLatestValues(this.catchUpContext ?? ctx);
    const values = new LatestValues();
    for (const event of seed.events) values.record(event);
    const feed = await NatsLiveFeed.open(
      ctx,
      (event) => {
        values.record(event);
        listener(event);
      },
      { onInvalidEvent: this.options.onInvalidEvent },
      seed.through,
    );
    const tracked: LiveSubscription = {
      startSeq: feed.startSeq,
      stop: () => {
        this.feeds.delete(tracked);
        return feed.stop();
      },
    };
    this.feeds.set(tracked, values);
    return tracked;
  }

  async *replay(request: ReplayRequest): AsyncIterable<BrokerEvent> {
    const ctx = this.requireContext();
    yield* replayRange(this.catchUpContext ?? ctx, request);
  }

  /** Backward windows of replays on the catch-up connection (history-windows.ts). */
  history(request: HistoryRequest): Promise<BrokerEvent[]> {
    const live = this.requireContext();
    const ctx = this.catchUpContext ?? live;
    return newestEvents(
      {
        position: () => readPosition(ctx.jsm, ctx.stream),
        replay: (range) => replayRange(ctx, range),
      },
      request,
    );
  }

  /**
   * From memory, no NATS request: the latest values of the newest open live feed (a hub has
   * one). Without an open feed there is nothing current to answer from, and it throws.
   */
  async snapshot(room: string): Promise<BrokerEvent[]> {
    this.requireContext();
    const values = [...this.feeds.values()].at(-1);
    if (values === undefined) throw new Error("snapshot needs an open live feed");
    return values.snapshot(room);
  }

  async position(atLeast = 0): Promise<StreamPosition> {
    const ctx = this.requireContext();
    const position = await readPositionAtLeast(ctx.jsm, ctx.stream, atLeast);
    if (position.epoch !== this.currentEpoch) {
      // Someone deleted and recreated the stream: sequences restarted, clients must reset.
      ctx.logger.warn(
        { previous: this.currentEpoch, epoch: position.epoch },
        "stream epoch changed; live feeds opened before it must be reopened",
      );
      this.currentEpoch = position.epoch;
    }
    return position;
  }

  publishEphemeral(message: EphemeralMessage): void {
    this.requireContext();
    assertEphemeralChannel(message.channel);
    // Best effort: while disconnected, drop rather than buffer stale presence and indicators.
    if (!this.connected) return;
    this.ephemeral?.publish(message);
  }

  subscribeEphemeral(listener: EphemeralListener): () => void {
    this.requireContext();
    const ephemeral = this.ephemeral;
    if (ephemeral === undefined) throw new Error("broker not started");
    return ephemeral.subscribe(listener);
  }

  onReadyChange(listener: (ready: boolean) => void): () => void {
    this.readyListeners.add(listener);
    return () => this.readyListeners.delete(listener);
  }

  private requireContext(): NatsContext {
    if (this.closing !== undefined) throw new Error("broker is closed");
    if (this.context === undefined) throw new Error("broker not started");
    return this.context;
  }

  private async shutdown(): Promise<void> {
    const wasReady = this.connected;
    this.connected = false;
    if (wasReady) this.emitReady(false);
    await Promise.allSettled([...this.feeds.keys()].map((feed) => feed.stop()));
    this.ephemeral?.close();
    // Nothing to flush on the catch-up connection: reads only.
    await this.catchUpConnection?.close().catch(() => undefined);
    const nc = this.connection;
    if (nc === undefined || nc.isClosed()) return;
    // Drain flushes what we published; it would wait for a reconnect if the server is gone.
    await (wasReady ? nc.drain() : nc.close()).catch((error: unknown) => {
      this.options.logger.warn({ err: error }, "closing the NATS connection failed");
    });
  }

  private async watchConnection(nc: NatsConnection): Promise<void> {
    const { logger } = this.options;
    void nc.closed().then((error) => {
      if (error !== undefined) logger.error({ err: error }, "NATS connection closed with an error");
      this.setConnected(false);
    });
    for await (const status of nc.status()) {
      if (status.type === "disconnect") {
        logger.warn({ server: status.server }, "NATS disconnected");
        this.setConnected(false);
      } else if (status.type === "reconnect") {
        logger.info({ server: status.server }, "NATS reconnected");
        this.setConnected(true);
      }
    }
  }

  private setConnected(connected: boolean): void {
    const before = this.ready;
    this.connected = connected;
    if (this.ready !== before) this.emitReady(this.ready);
  }

  private emitReady(ready: boolean): void {
    for (const listener of this.readyListeners) listener(ready);
  }
}
