import { randomUUID } from "node:crypto";
import {
  CloseCode,
  latestValueKey,
  PROTOCOL_VERSION,
  type ProtocolError,
} from "@pulseboard/protocol";
import type { WebSocket } from "ws";
import type { Principal } from "./auth/principal.js";
import type { TokenVerifier } from "./auth/verifier.js";
import type { Broker, BrokerEvent, LiveSubscription } from "./broker/broker.js";
import { CatchUp, type SharedReplay } from "./catch-up.js";
import { CatchUpGate } from "./catch-up-gate.js";
import { Client } from "./client.js";
import type { CatchUpSettings, ConnectionSettings } from "./config.js";
import { EPOCH_CHECK_MS, MIN_RETRY_MS } from "./defaults.js";
import { createDeliveryStats } from "./delivery/delivery-stats.js";
import { eventFrame } from "./delivery/frames.js";
import { HistoryReader } from "./history.js";
import { InboundHandler } from "./inbound.js";
import type { Logger } from "./logger.js";
import { Collab } from "./presence/collab.js";
import { memberOf } from "./presence/member.js";
import { RangeReads } from "./range-reads.js";
import type { RateLimit } from "./rate-limiter.js";
import { RecentEvents } from "./recent-events.js";
import { createReplayStats } from "./replay-stats.js";
import { RoomMembers, RoomRates } from "./room-rates.js";
import { SharedReads } from "./shared-reads.js";
import { ViewerAppend } from "./viewer-append.js";

export interface HubOptions {
  broker: Broker;
  logger: Logger;
  defaultRooms: readonly string[];
  heartbeatMs: number;
  /** 1001 closes carry a `retry_ms` spread over this range so clients don't return at once. */
  reconnectSpreadMs: number;
  /** Seconds from the event's broker timestamp to its fan-out; fed to a histogram. */
  observeLatency?: (seconds: number) => void;
  /** Bounds of one connection: outbound backlog, inbound rate, rooms followed. */
  connection: ConnectionSettings;
  /** Token checks after the upgrade: `refresh`, expiry with this much clock skew. */
  auth: { verifier: TokenVerifier; leewaySeconds: number };
  /** Replays, the catch-up gate, recent events, history: the configuration's slice as is. */
  catchUp: CatchUpSettings;
  presence: {
    /** How often this hub reports its presence state to the other hubs. */
    heartbeatMs: number;
    /** Indicators one connection may `publish`. */
    indicatorRate: RateLimit;
  };
}

/** What a connection asked for in its upgrade request, already validated by the server. */
export interface ConnectRequest {
  rooms: readonly string[] | undefined;
  since: number | undefined;
  epoch: string | undefined;
  /** `history=N`: rooms opened without `since` start with their newest N events (protocol 1.1). */
  history: number | undefined;
  /** `presence=1`: the connection takes part in presence and receives indicators. */
  presence: boolean;
  /** Problems with the request's parameters, reported to the client after `welcome`. */
  problems: readonly ProtocolError[];
}

/**
 * Rooms → clients, and the live fan-out: every broker event is encoded once and the same
 * bytes go to every subscriber of its room, in sequence order.
 */
export class Hub {
  readonly stats = createDeliveryStats();
  readonly replayStats = createReplayStats();
  readonly clients = new Set<Client>();
  /** Presence and indicators (opted-in connections only), across hubs. */
  readonly collab: Collab;
  /** `append` from viewers (protocol 1.1): acknowledgements stored through the broker. */
  readonly appends: ViewerAppend;
  /**
   * Room → the writers of its subscribers. Writers, not clients: fan-out touches nothing else
   * of a connection, and one pointer less per delivery is measurable (bench:quick).
   */
  private readonly rooms = new Map<string, RoomMembers>();
  /** Events per second of each room followed here (operator API), counted once per event. */
  readonly roomRates = new RoomRates(this.rooms, { windowMs: 60_000, sampleMs: 5_000 });
  private liveSeq = 0;
  private subscription: LiveSubscription | undefined;
  private heartbeat: NodeJS.Timeout | undefined;
  private epochWatch: NodeJS.Timeout | undefined;
  /** The stream instance this hub's live feed and sequence numbers belong to. */
  private epoch = "";

  /** Bounds the catch-ups that read the stream at once (HUB_CATCHUP_CONCURRENCY). */
  readonly catchUpGate: CatchUpGate;
  /** The last events the live feed delivered, resumes inside them are served from memory. */
  readonly recent: RecentEvents;
  /** History (protocol 1.1): newest events of rooms, for `history` and the rooms HTTP API. */
  readonly history: HistoryReader;
  /** Resumes of the same rooms from the same `since`, running at once, share one read. */
  readonly sharedReplays = new SharedReads<SharedReplay>();
  /** Tails after a shared read (history and resumes), shared too when the stream is read. */
  readonly ranges: RangeReads;
  private readonly catchUp: CatchUp;
  private readonly inbound: InboundHandler;

  constructor(private readonly options: HubOptions) {
    this.collab = new Collab({ bus: options.broker, logger: options.logger, ...options.presence });
    this.appends = new ViewerAppend({ stream: options.broker, logger: options.logger });
    this.catchUpGate = new CatchUpGate(options.catchUp.concurrency);
    this.recent = new RecentEvents(options.catchUp.recentEvents, options.catchUp.recentEventsBytes);
    this.ranges = new RangeReads({
      stream: options.broker,
      recent: this.recent,
      gate: this.catchUpGate,
      epoch: () => this.epoch,
      seq: () => this.liveSeq,
    });
    this.history = new HistoryReader({
      stream: options.broker,
      recent: this.recent,
      epoch: () => this.epoch,
      seq: () => this.liveSeq,
      gate: this.catchUpGate,
      limit: options.catchUp.historyLimit,
      ranges: this.ranges,
    });
    this.catchUp = new CatchUp({
      history: this.history,
      replays: this.sharedReplays,
      ranges: this.ranges,
      gate: this.catchUpGate,
      recent: { events: this.recent, epoch: () => this.epoch },
      stream: options.broker,
      rooms: this,
      replayLimit: options.catchUp.replayLimit,
      stats: this.replayStats,
      logger: options.logger,
      reconnectSpreadMs: options.reconnectSpreadMs,
      onRoomsLive: (client, rooms) => this.collab.enter(client, rooms),
    });
    this.inbound = new InboundHandler({
      catchUp: this.catchUp,
      verifier: options.auth.verifier,
      authLeewaySeconds: options.auth.leewaySeconds,
      maxRoomsPerConnection: options.connection.maxRooms,
      stats: this.stats,
      publishIndicator: (client, message) => this.collab.publish(client, message),
      append: (client, message) => this.appends.append(client, message),
    });
  }

  get broker(): Broker {
    return this.options.broker;
  }

  /** Highest seq that has passed through this hub's live feed. */
  get seq(): number {
    return this.liveSeq;
  }

  get roomCount(): number {
    return this.rooms.size;
  }

  get subscriptionCount(): number {
    let total = 0;
    for (const members of this.rooms.values()) total += members.size;
    return total;
  }

  async start(): Promise<void> {
    await this.openLiveFeed();
    this.collab.start();
    this.roomRates.start();
    this.heartbeat = setInterval(() => this.checkHeartbeats(), this.options.heartbeatMs);
    this.heartbeat.unref();
    this.epochWatch = setInterval(() => void this.checkEpoch(), EPOCH_CHECK_MS);
    this.epochWatch.unref();
  }

  /**
   * Takes over an upgraded socket: welcome, then the requested (or default) rooms. The server
   * has already authenticated the request and dropped the rooms the principal may not read.
   */
  accept(
    socket: WebSocket,
    request: ConnectRequest,
    principal: Principal,
    /** Runs once the socket closed, with the client (one shared function, not a closure each). */
    onClosed?: (client: Client) => void,
  ): Client {
    const client = new Client(
      randomUUID(),
      socket,
      principal,
      this.options.connection.rate,
      this.options.connection.backlog,
      this.stats,
    );
    client.presence = request.presence;
    this.clients.add(client);
    this.listen(client, onClosed);

    const rooms = request.rooms ?? this.options.defaultRooms;
    client.scheduleExpiry(this.options.auth.leewaySeconds);
    client.sendControl({
      type: "welcome",
      data: {
        connection_id: client.id,
        protocol: PROTOCOL_VERSION,
        epoch: this.epoch,
        seq: this.liveSeq,
        rooms: [...rooms],
        heartbeat_ms: this.options.heartbeatMs,
        ...(client.presence ? { user: memberOf(client) } : {}),
      },
    });
    for (const problem of request.problems) {
      client.sendControl({ type: "error", data: { ...problem }, ref: problem.ref });
    }
    if (rooms.length > 0) {
      // The connection's first operation: its queue is empty, so this is always accepted.
      client.serialize(() =>
        this.catchUp.subscribe(client, {
          rooms,
          since: request.since,
          epoch: request.epoch,
          history: request.history,
        }),
      );
    }
    return client;
  }

  /**
   * The socket's listeners, for the connection's whole life. A method of its own so that their
   * closures hold the client and nothing of `accept`'s scope (the request, its rooms).
   */
  private listen(client: Client, onClosed: ((client: Client) => void) | undefined): void {
    const socket = client.socket;
    socket.on("pong", () => {
      client.alive = true;
    });
    socket.on("message", (data, isBinary) => this.inbound.handle(client, data, isBinary));
    socket.on("error", (error) => {
      this.options.logger.debug({ err: error, client: client.id }, "socket error");
    });
    // One close listener for everything a connection holds (one `once` wrapper per concern
    // would cost memory on every idle connection).
    socket.on("close", () => {
      client.handleClose();
      this.detach(client);
      onClosed?.(client);
    });
  }

  join(client: Client, room: string): void {
    let members = this.rooms.get(room);
    if (members === undefined) {
      members = new RoomMembers(Date.now());
      this.rooms.set(room, members);
    }
    members.add(client.writer);
    client.rooms.add(room);
  }

  leave(client: Client, room: string): void {
    if (client.presence) this.collab.exit(client, [room]);
    client.rooms.delete(room);
    client.writer.clearFloor(room);
    const members = this.rooms.get(room);
    if (members === undefined) return;
    members.delete(client.writer);
    if (members.size === 0) this.rooms.delete(room);
  }

  /**
   * Closes every connection with 1001 and a randomized reconnect hint, then resolves once they
   * are all gone or `deadlineMs` passed (stragglers are terminated).
   */
  async closeAll(deadlineMs: number): Promise<void> {
    clearInterval(this.heartbeat);
    clearInterval(this.epochWatch);
    this.collab.stop();
    this.roomRates.stop();
    await this.subscription?.stop();
    const closed = [...this.clients].map(
      (client) =>
        new Promise<void>((resolve) => {
          client.socket.once("close", () => resolve());
          this.sendAway(client);
        }),
    );
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, deadlineMs);
    });
    await Promise.race([Promise.all(closed), deadline]);
    clearTimeout(timer);
    for (const client of this.clients) client.socket.terminate();
  }

  private async openLiveFeed(): Promise<void> {
    this.recent.restart();
    this.subscription = await this.broker.subscribe((event) => this.fanOut(event));
    this.liveSeq = this.subscription.startSeq;
    this.epoch = this.broker.epoch;
    this.recent.start(this.liveSeq);
    await this.seedRecent(this.liveSeq);
  }

  /**
   * Fills the recent events with what the stream holds before the live feed's start (one read
   * of every room), so that right after a restart, the resumes of the clients that were away
   * are served from memory. A failed read leaves only what the live feed brings.
   */
  private async seedRecent(startSeq: number): Promise<void> {
    const capacity = this.options.catchUp.recentEvents;
    if (capacity === 0 || startSeq === 0) return;
    try {
      const { firstSeq } = await this.broker.position();
      const afterSeq = Math.max(startSeq - capacity, firstSeq - 1, 0);
      const older: BrokerEvent[] = [];
      const read = { rooms: [], allRooms: true, afterSeq, throughSeq: startSeq };
      for await (const event of this.broker.replay(read)) older.push(event);
      // Held from the stream's first retained event on: quiet rooms' history needs no read.
      this.recent.prepend(afterSeq, older, { fromStreamStart: afterSeq <= firstSeq - 1 });
    } catch (error) {
      this.options.logger.warn({ err: error }, "reading recent events at start failed");
    }
  }

  /**
   * A recreated stream (new epoch) restarts sequence numbers: the live feed must be reopened
   * and every client must resume against the new epoch, where it will get `reset` and a
   * snapshot. Closing them with 1001 and a spread `retry_ms` does exactly that.
   */
  private async checkEpoch(): Promise<void> {
    if (!this.broker.ready || this.subscription === undefined) return;
    try {
      const { epoch } = await this.broker.position();
      if (epoch === this.epoch) return;
      this.options.logger.warn(
        { previous: this.epoch, epoch },
        "stream epoch changed: reopening the live feed and sending clients to resume",
      );
      await this.subscription.stop();
      await this.openLiveFeed();
      for (const client of this.clients) this.sendAway(client);
    } catch (error) {
      this.options.logger.warn({ err: error }, "epoch check failed");
    }
  }

  /** Closes with 1001 and a randomized reconnect hint, so clients don't return all at once. */
  private sendAway(client: Client): void {
    const retryMs = MIN_RETRY_MS + Math.floor(Math.random() * this.options.reconnectSpreadMs);
    client.close(CloseCode.GOING_AWAY, JSON.stringify({ retry_ms: retryMs }));
  }

  private fanOut(event: BrokerEvent): void {
    // Events may arrive again after a broker reconnect; seq order is the truth.
    if (event.seq <= this.liveSeq) return;
    this.liveSeq = event.seq;
    this.recent.record(event);
    this.stats.eventsIn++;
    this.options.observeLatency?.((Date.now() - Date.parse(event.ts)) / 1000);
    const members = this.rooms.get(event.room);
    if (members === undefined) return;
    members.events++;
    const frame = eventFrame(event);
    const key = latestValueKey(event.type, event.data);
    const coalesceKey = key === undefined ? undefined : `${event.room}\u0000${key}`;
    for (const writer of members) writer.deliver(frame, event.seq, event.room, coalesceKey);
  }

  private detach(client: Client): void {
    this.clients.delete(client);
    for (const room of [...client.rooms]) this.leave(client, room);
  }

  private checkHeartbeats(): void {
    for (const client of this.clients) {
      if (!client.alive) {
        this.options.logger.info({ client: client.id }, "closing unresponsive connection");
        client.socket.terminate();
        continue;
      }
      client.alive = false;
      client.socket.ping();
    }
  }
}
