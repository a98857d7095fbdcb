import type { AlertAcknowledgementInput, AppendableEventType } from "@pulseboard/protocol";
import type {
  AppendResult,
  Connection,
  ConnectionOptions,
  SubscribeOptions,
} from "./connection-api.js";
import { type ConnectionState, StateCell, type StateListener } from "./connection-state.js";
import { type ConnectionListener, ListenerSet } from "./listener.js";
import type { IndicatorOptions } from "./presence-state.js";
import type { ResumePoint } from "./resume-cursor.js";
import { RoomSet } from "./room-set.js";
import { defaultNetworkEvents, type NetworkEvents } from "./socket.js";

/** What a connection does when the browser reports the network gone or back. */
export interface NetworkHandlers {
  online(): void;
  offline(): void;
}

/**
 * The half of a `Connection` that is the same however the socket is reached (its own, or a
 * SharedWorker's): the state a UI reads, the listeners the options bring, the rooms it wants,
 * the browser's online/offline events and the final `close()`. Subclasses decide what the
 * rest means, so the two connections cannot drift apart in how they are observed.
 */
export abstract class ConnectionBase implements Connection {
  protected readonly state = new StateCell({ status: "connecting", attempt: 0 });
  protected readonly listeners = new ListenerSet();
  protected readonly rooms: RoomSet;
  private readonly network: NetworkEvents | undefined;
  private networkHandlers: NetworkHandlers | undefined;

  constructor(protected readonly options: ConnectionOptions) {
    this.rooms = new RoomSet(options.rooms ?? []);
    if (options.listener !== undefined) this.listeners.add(options.listener);
    if (options.onMessage !== undefined) this.listeners.add({ onMessage: options.onMessage });
    this.network =
      options.network === null ? undefined : (options.network ?? defaultNetworkEvents());
  }

  getState(): ConnectionState {
    return this.state.get();
  }

  subscribe(listener: StateListener): () => void {
    return this.state.subscribe(listener);
  }

  addListener(listener: ConnectionListener): () => void {
    return this.listeners.add(listener);
  }

  getRooms(): string[] {
    return this.rooms.list();
  }

  abstract subscribeRooms(rooms: readonly string[], options?: SubscribeOptions): void;
  abstract unsubscribeRooms(rooms: readonly string[]): void;
  abstract getResumePoint(): ResumePoint | undefined;
  abstract publish(room: string, kind: string, options?: IndicatorOptions): boolean;
  abstract append(
    room: string,
    type: AppendableEventType,
    data: AlertAcknowledgementInput,
  ): Promise<AppendResult>;
  abstract retryNow(): void;

  close(): void {
    if (this.state.get().status === "closed") return;
    this.shutDown();
    if (this.networkHandlers !== undefined) {
      this.network?.removeEventListener("online", this.networkHandlers.online);
      this.network?.removeEventListener("offline", this.networkHandlers.offline);
    }
    this.state.set({ status: "closed" });
  }

  /** Releases what the subclass holds (socket, worker port, timers); `close()` then ends. */
  protected abstract shutDown(): void;

  /**
   * Starts listening for online/offline until `close()`. Called by the subclass once its
   * handlers exist (they are its fields, not yet set while this constructor runs). Returns
   * whether there is a network source at all.
   */
  protected watchNetwork(handlers: NetworkHandlers): boolean {
    this.networkHandlers = handlers;
    this.network?.addEventListener("online", handlers.online);
    this.network?.addEventListener("offline", handlers.offline);
    return this.network !== undefined;
  }
}
