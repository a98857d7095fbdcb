import {
  type AlertAcknowledgementInput,
  type AppendableEventType,
  isCollabMessage,
  type ServerMessage,
} from "@pulseboard/protocol";
import { AppendError } from "../append-error.js";
import { type Connection, createConnection } from "../connection.js";
import type { ConnectionState } from "../connection-state.js";
import type { IndicatorOptions } from "../presence-state.js";
import type { ResumePoint } from "../resume-cursor.js";
import type { RoomState } from "../room-state.js";
import type { WebSocketConstructor } from "../socket.js";
import { defaultNow, type Timers } from "../timers.js";
import { PendingRooms } from "./pending-rooms.js";
import { RelayedNetwork } from "./relayed-network.js";
import { RoomMirror } from "./room-mirror.js";
import { RoomRefs } from "./room-refs.js";
import { TokenBroker } from "./token-broker.js";
import type { SharedConnectionConfig, WorkerMessage } from "./wire.js";
import type { WorkerTab } from "./worker-tab.js";

export interface HubSessionOptions {
  config: SharedConnectionConfig;
  WebSocket?: WebSocketConstructor;
  timers: Timers;
  now?: () => number;
}

/**
 * One socket to a hub shared by every tab attached with the same configuration. The socket
 * follows the union of the tabs' rooms (reference-counted); each tab gets the events and
 * collaboration messages of its own rooms only, the connection's state, and, for a room the
 * socket already followed, the room's state so far.
 */
export class HubSession {
  private readonly tabs = new Set<WorkerTab>();
  private readonly refs = new RoomRefs<WorkerTab>();
  private readonly mirror = new RoomMirror();
  private readonly network = new RelayedNetwork();
  private readonly tokens: TokenBroker;
  private readonly pending: PendingRooms;
  private readonly connection: Connection;
  private readonly now: () => number;

  constructor(
    options: HubSessionOptions,
    first: WorkerTab,
    rooms: string[],
    online: boolean,
    resume: ResumePoint | undefined,
  ) {
    this.now = options.now ?? defaultNow;
    this.tokens = new TokenBroker(options.timers);
    this.pending = new PendingRooms(options.timers, () => this.sendStates());
    this.network.report(online);
    // The first tab's rooms go into the connect URL: no subscribe round trip for them.
    this.addTab(first);
    this.refs.add(first, rooms);
    const { config } = options;
    this.connection = createConnection({
      url: config.url,
      rooms,
      presence: config.presence,
      history: config.history,
      resume,
      protocols: config.protocols,
      heartbeatMs: config.heartbeatMs,
      backoff: config.backoff,
      tokenRefreshLeadMs: config.tokenRefreshLeadMs,
      WebSocket: options.WebSocket,
      network: this.network,
      timers: options.timers,
      now: this.now,
      token: ({ rooms: wanted }) => this.tokens.request([...wanted]),
      listener: {
        onEvent: (event, receivedAt, catchUp) => {
          this.mirror.event(event, receivedAt, catchUp);
          this.sendToRoom(event.room, { type: "event", event, receivedAt, catchUp });
        },
        onReset: (resetRooms, reason) => {
          this.mirror.reset(resetRooms);
          for (const tab of this.tabs) {
            const mine = resetRooms.filter((room) => this.refs.wants(tab, room));
            if (mine.length > 0) tab.send({ type: "reset", rooms: mine, reason });
          }
        },
        onCollab: (message, receivedAt) => {
          this.mirror.collab(message, receivedAt);
          this.sendToRoom(message.data.room, { type: "collab", message, receivedAt });
        },
        onRoundTrip: (ms) => this.broadcast({ type: "round_trip", ms }),
        onMessage: (message, receivedAt) => {
          this.pending.receive(message);
          if (isForwardedControl(message)) this.broadcast({ type: "control", message, receivedAt });
        },
      },
    });
    this.connection.subscribe((state) => {
      if (state.status !== "open") this.mirror.presenceLost();
      this.sendStates();
    });
    first.sendState(this.stateMessage(first));
  }

  get tabCount(): number {
    return this.tabs.size;
  }

  attach(tab: WorkerTab, rooms: string[], resume: ResumePoint | undefined): void {
    this.addTab(tab);
    this.subscribe(tab, rooms, resume);
    tab.sendState(this.stateMessage(tab));
  }

  subscribe(tab: WorkerTab, rooms: string[], resume?: ResumePoint, history?: number): void {
    const followed = new Set(this.connection.getRooms());
    const already = rooms.filter((room) => followed.has(room));
    const first = this.refs.add(tab, rooms);
    for (const room of already) {
      const snapshot = this.mirror.snapshot(room, this.now());
      if (snapshot !== undefined) tab.send({ type: "room_state", room, ...snapshot });
    }
    if (first.length === 0) return;
    if (this.connection.getState().status === "open") this.pending.add(first);
    this.connection.subscribeRooms(first, { resume, history });
    this.sendStates();
  }

  unsubscribe(tab: WorkerTab, rooms: string[]): void {
    this.dropRooms(this.refs.remove(tab, rooms));
  }

  /** The tab is gone; returns true when it was the last one (the session should end). */
  detach(tab: WorkerTab): boolean {
    if (!this.tabs.delete(tab)) return this.tabs.size === 0;
    tab.detach();
    this.tokens.removeProvider(tab);
    this.dropRooms(this.refs.removeTab(tab));
    return this.tabs.size === 0;
  }

  publish(tab: WorkerTab, room: string, kind: string, options: IndicatorOptions): void {
    // A tab publishes only to rooms it follows itself, as it could with its own socket.
    if (this.refs.wants(tab, room)) this.connection.publish(room, kind, options);
  }

  /** Hydrated rooms' state from a tab (see RoomMirror.seed). */
  seed(tab: WorkerTab, rooms: Record<string, RoomState>): void {
    const mine = Object.entries(rooms).filter(([room]) => this.refs.wants(tab, room));
    this.mirror.seed(Object.fromEntries(mine));
  }

  /** A tab's `append`, on the shared socket; the outcome goes back to that tab only. */
  append(
    tab: WorkerTab,
    requestId: number,
    room: string,
    type: AppendableEventType,
    data: AlertAcknowledgementInput,
  ): void {
    const answer = (seq: number | undefined, error: AppendError | undefined): void =>
      tab.send({
        type: "append_result",
        requestId,
        seq,
        error: error === undefined ? undefined : { code: error.code, message: error.message },
      });
    if (!this.refs.wants(tab, room)) {
      answer(undefined, new AppendError("forbidden", `this tab does not follow room ${room}`));
      return;
    }
    this.connection.append(room, type, data).then(
      ({ seq }) => answer(seq, undefined),
      (error: unknown) =>
        answer(
          undefined,
          error instanceof AppendError ? error : new AppendError("closed", String(error)),
        ),
    );
  }

  retry(): void {
    this.connection.retryNow();
  }

  reportNetwork(online: boolean): void {
    this.network.report(online);
  }

  answerToken(requestId: number, token: string | undefined, failed: boolean): void {
    this.tokens.answer(requestId, token, failed);
  }

  close(): void {
    this.pending.clear();
    this.connection.close();
  }

  private addTab(tab: WorkerTab): void {
    this.tabs.add(tab);
    if (tab.hasToken) this.tokens.addProvider(tab);
  }

  private dropRooms(rooms: string[]): void {
    if (rooms.length === 0) return;
    this.pending.settle(rooms);
    this.connection.unsubscribeRooms(rooms);
    this.mirror.forget(rooms);
  }

  /** Every tab's state, sent to the tabs whose state changed. */
  private sendStates(): void {
    for (const tab of this.tabs) tab.sendState(this.stateMessage(tab));
  }

  private stateMessage(tab: WorkerTab): WorkerMessage & { type: "state" } {
    return {
      type: "state",
      state: this.stateFor(tab),
      resume: this.connection.getResumePoint(),
      rooms: this.connection.getRooms(),
    };
  }

  /** The socket's state, except "connecting" while rooms of this tab wait for the hub's yes. */
  private stateFor(tab: WorkerTab): ConnectionState {
    const state = this.connection.getState();
    if (state.status !== "open") return state;
    const waiting = this.refs.roomsOf(tab).some((room) => this.pending.has(room));
    return waiting ? { status: "connecting", attempt: 0 } : state;
  }

  private sendToRoom(room: string, message: WorkerMessage): void {
    for (const tab of this.tabs) if (this.refs.wants(tab, room)) tab.send(message);
  }

  private broadcast(message: WorkerMessage): void {
    for (const tab of this.tabs) tab.send(message);
  }
}

/** Events and collaboration messages are routed by room; every other message goes to all tabs. */
function isForwardedControl(message: ServerMessage): boolean {
  return !("seq" in message) && !isCollabMessage(message);
}
