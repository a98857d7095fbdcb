import type { AlertAcknowledgementInput, AppendableEventType } from "@pulseboard/protocol";
import { AppendError } from "../append-error.js";
import { createConnection } from "../connection.js";
import type {
  AppendResult,
  Connection,
  ConnectionOptions,
  SubscribeOptions,
} from "../connection-api.js";
import { ConnectionBase } from "../connection-base.js";
import type { ConnectionListener, ListenerSet } from "../listener.js";
import type { IndicatorOptions } from "../presence-state.js";
import type { ResumePoint } from "../resume-cursor.js";
import type { RoomState } from "../room-state.js";
import { reportsOffline } from "../socket.js";
import { defaultTimers, TimerSlot } from "../timers.js";
import { holdTabLock } from "./tab-lock.js";
import type { PortLike, SharedConnectionConfig, TabMessage, WorkerMessage } from "./wire.js";

/** What `new SharedWorker(...)` returns, as far as a tab uses it. */
export interface SharedWorkerLike {
  port: PortLike;
  addEventListener?(type: "error", listener: () => void): void;
}

/** How long a tab waits for the worker's first answer before opening its own socket. */
export const WORKER_ANSWER_TIMEOUT_MS = 5_000;

/**
 * A `Connection` whose socket lives in a SharedWorker, shared with the other tabs of the
 * browser. It behaves like its own socket would — state, events of its rooms, presence,
 * publish — and falls back to one (`createConnection`) if the worker fails to start or does
 * not answer, so a page never depends on the worker for getting data.
 */
export class TabConnection extends ConnectionBase {
  private readonly config: SharedConnectionConfig;
  private readonly answerTimer: TimerSlot;
  private readonly tabId = Math.random().toString(36).slice(2);
  private resume: ResumePoint | undefined;
  private direct: Connection | undefined;
  private releaseLock: (() => void) | undefined;
  private attachGeneration = 0;
  private answered = false;
  private portClosed = false;
  /** Whether the current attach was posted: the worker ignores a tab's messages before it. */
  private attachPosted = false;
  /** Hydrated rooms' state waiting for the attach (see `seedRooms`). */
  private pendingSeeds: Record<string, RoomState> | undefined;
  private nextAppendId = 0;
  private readonly appends = new Map<
    number,
    { resolve: (result: AppendResult) => void; reject: (error: AppendError) => void }
  >();

  constructor(
    options: ConnectionOptions,
    private readonly worker: SharedWorkerLike,
    private readonly workerTimeoutMs = WORKER_ANSWER_TIMEOUT_MS,
  ) {
    super(options);
    this.config = sharedConfig(options);
    this.answerTimer = new TimerSlot(options.timers ?? defaultTimers);

    worker.addEventListener?.("error", this.handleWorkerError);
    worker.port.addEventListener("message", (event) => this.receive(event.data as WorkerMessage));
    worker.port.start();
    this.watchNetwork({ online: this.handleOnline, offline: this.handleOffline });
    pageEvents()?.addEventListener("pagehide", this.handlePageHide);
    pageEvents()?.addEventListener("pageshow", this.handlePageShow);
    void this.attach();
  }

  subscribeRooms(rooms: readonly string[], options: SubscribeOptions = {}): void {
    const added = this.rooms.add(rooms);
    if (added.length === 0) return;
    if (this.direct !== undefined) this.direct.subscribeRooms(added, options);
    else {
      this.post({
        type: "subscribe",
        rooms: added,
        resume: options.resume,
        history: options.history,
      });
    }
  }

  /**
   * Hands the worker the state of rooms this tab's store was hydrated with, so that a tab
   * joining them later starts from it (the worker keeps rooms' state for such tabs, and the
   * hub sends it only what came after). `connectStore` calls it; internal.
   */
  seedRooms(rooms: Record<string, RoomState>): void {
    if (this.direct !== undefined || Object.keys(rooms).length === 0) return;
    if (this.attachPosted) this.post({ type: "seed", rooms });
    else this.pendingSeeds = { ...this.pendingSeeds, ...rooms };
  }

  append(
    room: string,
    type: AppendableEventType,
    data: AlertAcknowledgementInput,
  ): Promise<AppendResult> {
    if (this.direct !== undefined) return this.direct.append(room, type, data);
    if (this.state.get().status !== "open") {
      return Promise.reject(new AppendError("not_connected", "the connection is not open"));
    }
    const requestId = ++this.nextAppendId;
    return new Promise((resolve, reject) => {
      this.appends.set(requestId, { resolve, reject });
      this.post({ type: "append", requestId, room, eventType: type, data });
    });
  }

  unsubscribeRooms(rooms: readonly string[]): void {
    const removed = this.rooms.remove(rooms);
    if (removed.length === 0) return;
    if (this.direct !== undefined) this.direct.unsubscribeRooms(removed);
    else this.post({ type: "unsubscribe", rooms: removed });
  }

  getResumePoint(): ResumePoint | undefined {
    return this.direct !== undefined ? this.direct.getResumePoint() : this.resume;
  }

  publish(room: string, kind: string, options: IndicatorOptions = {}): boolean {
    if (this.direct !== undefined) return this.direct.publish(room, kind, options);
    if (this.state.get().status !== "open" || !this.rooms.has(room)) return false;
    this.post({ type: "publish", room, kind, options });
    return true;
  }

  retryNow(): void {
    if (this.direct !== undefined) this.direct.retryNow();
    else this.post({ type: "retry" });
  }

  protected shutDown(): void {
    this.leaveWorker();
    this.direct?.close();
    pageEvents()?.removeEventListener("pagehide", this.handlePageHide);
    pageEvents()?.removeEventListener("pageshow", this.handlePageShow);
  }

  // ---------------------------------------------------------------- worker link

  private async attach(): Promise<void> {
    const generation = ++this.attachGeneration;
    const lock = `pulseboard-tab:${this.tabId}:${generation}`;
    const release = await holdTabLock(lock);
    if (generation !== this.attachGeneration || this.portClosed) {
      release?.();
      return;
    }
    this.releaseLock = release;
    this.answered = false;
    this.attachPosted = true;
    this.answerTimer.set(() => this.fallBack(), this.workerTimeoutMs);
    this.post({
      type: "attach",
      config: this.config,
      rooms: this.rooms.list(),
      hasToken: this.options.token !== undefined,
      lock: release === undefined ? undefined : lock,
      online: !reportsOffline(),
      resume: this.options.resume,
    });
    if (this.pendingSeeds !== undefined) {
      this.post({ type: "seed", rooms: this.pendingSeeds });
      this.pendingSeeds = undefined;
    }
  }

  /** Tells the worker this tab is gone for now (it may attach again after the bfcache). */
  private detach(): void {
    this.attachGeneration++;
    this.attachPosted = false;
    this.answerTimer.clear();
    this.failAppends();
    this.post({ type: "detach" });
    this.releaseLock?.();
    this.releaseLock = undefined;
  }

  private leaveWorker(): void {
    if (this.portClosed) return;
    this.detach();
    this.portClosed = true;
    this.worker.port.close();
  }

  private post(message: TabMessage): void {
    if (!this.portClosed) this.worker.port.postMessage(message);
  }

  private receive(message: WorkerMessage): void {
    if (this.portClosed) return;
    if (!this.answered) {
      this.answered = true;
      this.answerTimer.clear();
    }
    switch (message.type) {
      case "state":
        this.resume = message.resume;
        if (this.state.get().status !== "closed") this.state.set(message.state);
        return;
      case "event":
        if (!this.rooms.has(message.event.room)) return;
        this.listeners.emit((l) => l.onEvent?.(message.event, message.receivedAt, message.catchUp));
        this.listeners.emit((l) => l.onMessage?.(message.event, message.receivedAt));
        return;
      case "reset": {
        const rooms = message.rooms.filter((room) => this.rooms.has(room));
        if (rooms.length > 0) this.listeners.emit((l) => l.onReset?.(rooms, message.reason));
        return;
      }
      case "collab":
        if (!this.rooms.has(message.message.data.room)) return;
        this.listeners.emit((l) => l.onCollab?.(message.message, message.receivedAt));
        this.listeners.emit((l) => l.onMessage?.(message.message, message.receivedAt));
        return;
      case "round_trip":
        this.listeners.emit((l) => l.onRoundTrip?.(message.ms));
        return;
      case "control":
        this.listeners.emit((l) => l.onMessage?.(message.message, message.receivedAt));
        return;
      case "room_state":
        if (!this.rooms.has(message.room)) return;
        this.listeners.emit((l) => l.onRoomState?.(message.room, message.state, message.presence));
        return;
      case "append_result": {
        const pending = this.appends.get(message.requestId);
        this.appends.delete(message.requestId);
        if (message.seq !== undefined) pending?.resolve({ seq: message.seq });
        else {
          const error = message.error ?? { code: "closed", message: "no answer" };
          pending?.reject(new AppendError(error.code, error.message));
        }
        return;
      }
      case "token_request":
        void this.answerToken(message.requestId, message.rooms);
        return;
    }
  }

  private async answerToken(requestId: number, rooms: string[]): Promise<void> {
    try {
      const token = await this.options.token?.({ rooms });
      this.post({ type: "token", requestId, token, failed: false });
    } catch {
      this.post({ type: "token", requestId, token: undefined, failed: true });
    }
  }

  /** The worker failed to start or does not answer: this tab opens its own socket. */
  private fallBack(): void {
    if (this.direct !== undefined || this.state.get().status === "closed") return;
    this.leaveWorker();
    const direct = createConnection({
      ...this.options,
      rooms: this.rooms.list(),
      listener: undefined,
      onMessage: undefined,
    });
    this.direct = direct;
    direct.subscribe((state) => this.state.set(state));
    direct.addListener(forwardTo(this.listeners));
    this.state.set(direct.getState());
  }

  /** The worker link is gone: appends in flight get no answer through it. */
  private failAppends(): void {
    for (const { reject } of this.appends.values()) {
      reject(
        new AppendError("closed", "the tab left the shared connection before the hub answered"),
      );
    }
    this.appends.clear();
  }

  private readonly handleWorkerError = (): void => {
    if (!this.answered) this.fallBack();
  };

  private readonly handleOnline = (): void => this.post({ type: "network", online: true });
  private readonly handleOffline = (): void => this.post({ type: "network", online: false });

  private readonly handlePageHide = (): void => {
    if (this.direct === undefined) this.detach();
  };

  private readonly handlePageShow = (event: { persisted?: boolean }): void => {
    // Back from the back/forward cache: the worker let this tab go on pagehide.
    if (event.persisted === true && this.direct === undefined && !this.portClosed) {
      this.state.set({ status: "connecting", attempt: 0 });
      void this.attach();
    }
  };
}

/** The options the worker needs, in a fixed key order (tabs with equal ones share a socket). */
function sharedConfig(options: ConnectionOptions): SharedConnectionConfig {
  return {
    url: new URL(options.url, (globalThis as { location?: { href: string } }).location?.href).href,
    presence: options.presence ?? false,
    history: options.history,
    protocols: options.protocols,
    heartbeatMs: options.heartbeatMs,
    backoff: options.backoff,
    tokenRefreshLeadMs: options.tokenRefreshLeadMs,
  };
}

function forwardTo(listeners: ListenerSet): ConnectionListener {
  return {
    onEvent: (event, at, catchUp) => listeners.emit((l) => l.onEvent?.(event, at, catchUp)),
    onReset: (rooms, reason) => listeners.emit((l) => l.onReset?.(rooms, reason)),
    onCollab: (message, at) => listeners.emit((l) => l.onCollab?.(message, at)),
    onRoundTrip: (ms) => listeners.emit((l) => l.onRoundTrip?.(ms)),
    onMessage: (message, at) => listeners.emit((l) => l.onMessage?.(message, at)),
  };
}

interface PageEvents {
  addEventListener(
    type: "pagehide" | "pageshow",
    listener: (event: { persisted?: boolean }) => void,
  ): void;
  removeEventListener(
    type: "pagehide" | "pageshow",
    listener: (event: { persisted?: boolean }) => void,
  ): void;
}

/** The window's page lifecycle events; undefined outside a page (Node, workers). */
function pageEvents(): PageEvents | undefined {
  const scope = globalThis as { document?: unknown } & Partial<PageEvents>;
  return scope.document !== undefined && typeof scope.addEventListener === "function"
    ? (scope as PageEvents)
    : undefined;
}
