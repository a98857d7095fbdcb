import {
  type AlertAcknowledgementInput,
  type AppendableEventType,
  type ClientMessage,
  CloseCode,
  encode,
  MAX_ROOMS_PER_REQUEST,
  SUBPROTOCOL,
} from "@pulseboard/protocol";
import { AppendError } from "./append-error.js";
import type { Random } from "./backoff.js";
import { buildConnectUrl } from "./connect-url.js";
import type {
  AppendResult,
  Connection,
  ConnectionOptions,
  SubscribeOptions,
} from "./connection-api.js";
import { ConnectionBase } from "./connection-base.js";
import type { CloseInfo } from "./connection-state.js";
import {
  HEARTBEAT_MISSES,
  HEARTBEAT_MS,
  REPLY_TIMEOUT_MS,
  STABLE_CONNECTION_MS,
  TOKEN_REFRESH_LEAD_MS,
} from "./defaults.js";
import { Heartbeat } from "./heartbeat.js";
import { handleFrame, type InboundContext } from "./inbound.js";
import type { IndicatorOptions } from "./presence-state.js";
import { reconnectDelay } from "./reconnect-policy.js";
import { ReplyWaiter } from "./reply-waiter.js";
import { ResumeCursor, type ResumePoint } from "./resume-cursor.js";
import {
  defaultWebSocket,
  OPEN,
  reportsOffline,
  type WebSocketConstructor,
  type WebSocketLike,
} from "./socket.js";
import { defaultNow, defaultTimers, TimerSlot } from "./timers.js";
import { TokenRefresher } from "./token-refresher.js";

export type { Connection, ConnectionOptions } from "./connection-api.js";

/** Opens a connection to a hub at once and keeps it open until `close()`. */
export function createConnection(options: ConnectionOptions): Connection {
  return new PulseConnection(options);
}

const ignore = (): void => {};

/** A connection with a socket of its own. */
class PulseConnection extends ConnectionBase {
  private readonly cursor = new ResumeCursor();
  private readonly heartbeat: Heartbeat;
  private readonly refresher: TokenRefresher | undefined;
  private readonly retryTimer: TimerSlot;
  private readonly stableTimer: TimerSlot;
  private readonly WebSocket: WebSocketConstructor;
  private readonly now: () => number;
  private readonly random: Random;
  private readonly inbound: InboundContext;
  private readonly replies: ReplyWaiter;
  private socket: WebSocketLike | undefined;
  /** Bumped whenever an attempt is abandoned, so its late callbacks are ignored. */
  private generation = 0;
  /** Consecutive failed attempts; drives the backoff. */
  private failures = 0;
  private nextMessageId = 0;

  constructor(options: ConnectionOptions) {
    super(options);
    const timers = options.timers ?? defaultTimers;
    this.now = options.now ?? defaultNow;
    this.random = options.random ?? Math.random;
    this.WebSocket = options.WebSocket ?? defaultWebSocket();
    // Fail fast on a malformed URL instead of retrying it forever.
    buildConnectUrl(options.url, { rooms: [], resume: undefined, token: undefined });
    this.retryTimer = new TimerSlot(timers);
    this.stableTimer = new TimerSlot(timers);
    this.replies = new ReplyWaiter(timers);
    this.heartbeat = new Heartbeat({
      intervalMs: options.heartbeatMs ?? HEARTBEAT_MS,
      misses: HEARTBEAT_MISSES,
      timers,
      now: this.now,
      sendPing: (id) => this.send({ type: "ping", id }),
      onDead: () => this.lose({ code: 1006, reason: "heartbeat timeout: no frame received" }),
      onRoundTrip: (ms) => this.listeners.emit((l) => l.onRoundTrip?.(ms)),
    });
    const source = options.token;
    this.refresher =
      source === undefined
        ? undefined
        : new TokenRefresher({
            source: () => source({ rooms: this.rooms.list() }),
            leadMs: options.tokenRefreshLeadMs ?? TOKEN_REFRESH_LEAD_MS,
            timers,
            now: this.now,
            send: (token) =>
              this.request({ type: "refresh", id: this.messageId(), data: { token } }),
          });
    this.inbound = {
      cursor: this.cursor,
      rooms: this.rooms,
      heartbeat: this.heartbeat,
      listeners: this.listeners,
      now: this.now,
      welcomed: (connectionId, user) =>
        this.state.set(
          user === undefined
            ? { status: "open", connectionId }
            : { status: "open", connectionId, user },
        ),
    };
    this.listeners.add({ onMessage: (message) => this.replies.receive(message) });

    // Rooms hydrated from a server-rendered state continue from it: no snapshot, no history.
    if (options.resume !== undefined && this.rooms.list().length > 0) {
      this.cursor.position(options.resume);
      this.rooms.markSettled(this.rooms.list());
    }

    const watched = this.watchNetwork({ online: this.handleOnline, offline: this.handleOffline });
    if (watched && reportsOffline()) this.state.set({ status: "offline" });
    else this.connect();
  }

  subscribeRooms(rooms: readonly string[], options: SubscribeOptions = {}): void {
    const added = this.rooms.add(rooms);
    if (options.resume !== undefined) this.rooms.setResumePoint(added, options.resume);
    if (options.history !== undefined) this.rooms.setHistory(added, options.history);
    if (added.length > 0 && this.isOpen) this.follow(added);
  }

  unsubscribeRooms(rooms: readonly string[]): void {
    const removed = this.rooms.remove(rooms);
    this.cursor.onUnsubscribed(removed);
    if (!this.isOpen) return;
    for (const chunk of chunks(removed)) {
      this.send({ type: "unsubscribe", id: this.messageId(), data: { rooms: chunk } });
    }
  }

  getResumePoint(): ResumePoint | undefined {
    return this.cursor.resumePoint();
  }

  publish(room: string, kind: string, options: IndicatorOptions = {}): boolean {
    if (!this.isOpen) return false;
    this.send({
      type: "publish",
      id: this.messageId(),
      data: {
        room,
        kind,
        ...(options.payload === undefined ? {} : { payload: options.payload }),
        ...(options.ttlMs === undefined ? {} : { ttl_ms: options.ttlMs }),
      },
    });
    return true;
  }

  append(
    room: string,
    type: AppendableEventType,
    data: AlertAcknowledgementInput,
  ): Promise<AppendResult> {
    if (!this.isOpen) {
      return Promise.reject(new AppendError("not_connected", "the connection is not open"));
    }
    const id = this.messageId();
    const generation = this.generation;
    const reply = this.replies.wait(id, REPLY_TIMEOUT_MS);
    this.send({ type: "append", id, data: { room, type, data } });
    return reply.then((message) => {
      if (message?.type === "appended") return { seq: message.data.seq };
      if (message?.type === "error") throw new AppendError(message.data.code, message.data.message);
      // No answer: the socket went away first (the event may have been appended), or time ran out.
      if (generation !== this.generation) {
        throw new AppendError("closed", "the connection closed before the hub answered");
      }
      throw new AppendError("timeout", "the hub did not answer in time");
    });
  }

  retryNow(): void {
    const { status } = this.state.get();
    if (status === "reconnecting" || status === "offline") this.connect();
  }

  protected shutDown(): void {
    this.abandon();
  }

  // ---------------------------------------------------------------- lifecycle

  private connect(): void {
    this.abandon();
    const generation = this.generation;
    this.state.set({ status: "connecting", attempt: this.failures });
    const tokenRooms = this.rooms.list();
    // Asked on every attempt, so a 4001 (expired) or an HTTP 401 is followed by a fresh token.
    Promise.resolve()
      .then(() => this.options.token?.({ rooms: tokenRooms }))
      .then(
        (token) => {
          if (generation === this.generation) this.open(token, tokenRooms);
        },
        () => {
          if (generation === this.generation) this.scheduleReconnect(undefined);
        },
      );
  }

  private open(token: string | undefined, tokenRooms: readonly string[]): void {
    if (this.rooms.settledList().length === 0) this.adoptHydratedPosition();
    // Only rooms that finished a catch-up resume with `since`; new ones get a snapshot after open.
    const settled = this.rooms.settledList();
    const resume = settled.length > 0 ? this.cursor.resumePoint() : undefined;
    // Without a position, hydrated rooms (each with its own point) and rooms with a history of
    // their own are left to a `subscribe`.
    const urlRooms =
      resume === undefined
        ? this.rooms
            .list()
            .filter(
              (room) =>
                this.rooms.resumePointOf(room) === undefined &&
                (this.rooms.historyOf(room) ?? this.options.history) === this.options.history,
            )
        : settled;
    this.cursor.startConnection(urlRooms, resume !== undefined);
    const protocols = [...(this.options.protocols ?? [SUBPROTOCOL])];
    let socket: WebSocketLike;
    try {
      const url = buildConnectUrl(this.options.url, {
        rooms: urlRooms,
        resume,
        token,
        presence: this.options.presence,
        history: this.options.history,
      });
      socket = new this.WebSocket(url, protocols.length > 0 ? protocols : undefined);
    } catch {
      this.scheduleReconnect(undefined);
      return;
    }
    this.socket = socket;
    socket.onopen = () => {
      if (socket === this.socket) this.handleOpen(token, urlRooms, tokenRooms);
    };
    socket.onmessage = (event) => {
      if (socket === this.socket) handleFrame(this.inbound, event.data);
    };
    socket.onclose = (event) => {
      if (socket === this.socket) this.lose({ code: event.code, reason: event.reason });
    };
    // A close event always follows an error; that is where the reconnect happens.
    socket.onerror = ignore;
  }

  private handleOpen(
    token: string | undefined,
    urlRooms: readonly string[],
    tokenRooms: readonly string[],
  ): void {
    this.state.set({ status: "open", connectionId: undefined });
    this.heartbeat.start();
    this.refresher?.start(token);
    this.stableTimer.set(() => {
      this.failures = 0;
    }, STABLE_CONNECTION_MS);
    // Rooms not in the URL: new since the last catch-up (they need a snapshot, not a replay),
    // or added while this socket was being opened.
    // The token was asked for the rooms wanted then; later ones may need a wider one.
    const missing = this.rooms.list().filter((room) => !urlRooms.includes(room));
    this.sendSubscribe(missing.filter((room) => tokenRooms.includes(room)));
    const beyondToken = missing.filter((room) => !tokenRooms.includes(room));
    if (beyondToken.length > 0) this.follow(beyondToken);
  }

  /**
   * No room has resumed yet, but some were hydrated from a server-rendered state: the first of
   * their points becomes the connection's position, so they go into the connect URL with
   * `since` (rooms hydrated at another point are subscribed with theirs after open).
   */
  private adoptHydratedPosition(): void {
    const rooms = this.rooms.list();
    const first = rooms.map((room) => this.rooms.resumePointOf(room)).find((p) => p !== undefined);
    if (first === undefined) return;
    this.cursor.position(first);
    this.rooms.markSettled(
      rooms.filter((room) => samePoint(this.rooms.resumePointOf(room), first)),
    );
  }

  /**
   * The socket ended or went silent: reconnect after a delay that depends on how it ended, or,
   * when an operator revoked its access (4003), never.
   */
  private lose(close: CloseInfo): void {
    this.abandon();
    if (close.code === CloseCode.REVOKED) this.state.set({ status: "revoked", lastClose: close });
    else this.scheduleReconnect(close);
  }

  private scheduleReconnect(close: CloseInfo | undefined): void {
    const delay = reconnectDelay(close, this.failures, this.options.backoff ?? {}, this.random);
    this.failures++;
    this.state.set({
      status: "reconnecting",
      attempt: this.failures,
      nextTryAt: this.now() + delay,
      lastClose: close,
    });
    this.retryTimer.set(() => this.connect(), delay);
  }

  /** Stops the current attempt or socket without waiting for a close handshake. */
  private abandon(): void {
    this.generation++;
    this.retryTimer.clear();
    this.stableTimer.clear();
    this.heartbeat.stop();
    this.refresher?.stop();
    this.replies.cancelAll();
    const socket = this.socket;
    this.socket = undefined;
    if (socket === undefined) return;
    // Late events of the old socket must not touch the new one; a dead link may never
    // deliver its close event at all, so nobody waits for it. `ws` throws on an 'error'
    // without a listener, hence no-ops rather than null.
    socket.onopen = ignore;
    socket.onmessage = ignore;
    socket.onclose = ignore;
    socket.onerror = ignore;
    try {
      socket.close(1000, "client closing");
    } catch {
      // Already closing or closed.
    }
  }

  private readonly handleOffline = (): void => {
    const { status } = this.state.get();
    if (status === "closed" || status === "offline" || status === "revoked") return;
    this.abandon();
    this.state.set({ status: "offline" });
  };

  private readonly handleOnline = (): void => {
    const { status } = this.state.get();
    if (status !== "offline" && status !== "reconnecting") return;
    // Failures while the network was down say nothing about the server.
    this.failures = 0;
    this.connect();
  };

  // ---------------------------------------------------------------- outbound

  /** Subscribes the open socket to rooms it does not follow yet. */
  private follow(added: readonly string[]): void {
    if (this.refresher === undefined) {
      this.sendSubscribe(added);
      return;
    }
    // The token this connection holds may not grant the new rooms, and the hub judges a
    // `subscribe` by the grant in force when it arrives: swap in a token for all the rooms
    // first, then subscribe (to whatever is still wanted by then).
    const generation = this.generation;
    void this.refresher.refreshNow().then(() => {
      if (generation === this.generation && this.isOpen) {
        this.sendSubscribe(added.filter((room) => this.rooms.has(room)));
      }
    });
  }

  /**
   * Subscribes rooms: hydrated ones continue from their point (`since`/`epoch`), grouped by
   * point; the others start with their snapshot (and `history`, when asked for). Either way
   * their events are taken as they come until `subscribed` (the hub sends each seq once).
   */
  private sendSubscribe(rooms: readonly string[]): void {
    const fresh = new Map<number, string[]>();
    const byPoint = new Map<string, { point: ResumePoint; rooms: string[] }>();
    for (const room of rooms) {
      const point = this.rooms.resumePointOf(room);
      if (point === undefined) {
        const history = this.rooms.historyOf(room) ?? this.options.history ?? 0;
        fresh.set(history, [...(fresh.get(history) ?? []), room]);
        continue;
      }
      const key = `${point.since}:${point.epoch ?? ""}`;
      const group = byPoint.get(key) ?? { point, rooms: [] };
      group.rooms.push(room);
      byPoint.set(key, group);
    }
    for (const [history, opened] of fresh) {
      for (const chunk of chunks(opened)) {
        this.sendSubscribeChunk(chunk, history <= 0 ? {} : { history });
      }
    }
    for (const { point, rooms: hydrated } of byPoint.values()) {
      const from =
        point.epoch === undefined
          ? { since: point.since }
          : { since: point.since, epoch: point.epoch };
      for (const chunk of chunks(hydrated)) this.sendSubscribeChunk(chunk, from);
    }
  }

  private sendSubscribeChunk(
    rooms: string[],
    from: { since?: number; epoch?: string; history?: number },
  ): void {
    this.cursor.beginSnapshot(rooms);
    this.send({ type: "subscribe", id: this.messageId(), data: { rooms, ...from } });
  }

  private send(message: ClientMessage): void {
    if (this.socket?.readyState === OPEN) this.socket.send(encode(message));
  }

  /** Sends a message with an `id` and settles when the hub answered it (or gave up). */
  private async request(message: ClientMessage & { id: string }): Promise<void> {
    const reply = this.replies.wait(message.id, REPLY_TIMEOUT_MS);
    this.send(message);
    await reply;
  }

  private get isOpen(): boolean {
    return this.state.get().status === "open" && this.socket?.readyState === OPEN;
  }

  private messageId(): string {
    return `c-${++this.nextMessageId}`;
  }
}

function samePoint(a: ResumePoint | undefined, b: ResumePoint): boolean {
  return a !== undefined && a.since === b.since && a.epoch === b.epoch;
}

function chunks(rooms: readonly string[]): string[][] {
  const out: string[][] = [];
  for (let i = 0; i < rooms.length; i += MAX_ROOMS_PER_REQUEST) {
    out.push(rooms.slice(i, i + MAX_ROOMS_PER_REQUEST));
  }
  return out;
}
