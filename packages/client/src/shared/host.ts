import type { WebSocketConstructor } from "../socket.js";
import { defaultTimers, type Timers } from "../timers.js";
import { HubSession } from "./hub-session.js";
import { watchTabLock } from "./tab-lock.js";
import type { PortLike, SharedConnectionConfig, TabMessage } from "./wire.js";
import { WorkerTab } from "./worker-tab.js";

export interface SharedHostOptions {
  /** Default: the worker's global WebSocket. In Node tests pass the `ws` package's. */
  WebSocket?: WebSocketConstructor;
  timers?: Timers;
  now?: () => number;
}

export interface SharedHost {
  /** Serves one tab's port (from the SharedWorker's `connect` event). */
  attach(port: PortLike): void;
  /** Open hub sockets: one per distinct configuration with at least one tab. */
  socketCount(): number;
}

/**
 * The SharedWorker side of shared connections: every tab's port attaches here, and tabs with
 * the same configuration share one `HubSession` (one socket). A session ends with its last tab.
 */
export function createSharedHost(options: SharedHostOptions = {}): SharedHost {
  const timers = options.timers ?? defaultTimers;
  const sessions = new Map<string, HubSession>();

  const attach = (port: PortLike): void => {
    let tab: WorkerTab | undefined;
    let session: HubSession | undefined;

    const leave = (): void => {
      if (tab === undefined || session === undefined) return;
      const ending = session.detach(tab);
      if (ending) {
        session.close();
        for (const [key, value] of sessions) if (value === session) sessions.delete(key);
      }
      tab = undefined;
      session = undefined;
    };

    const handle = (message: TabMessage): void => {
      if (message.type === "attach") {
        leave();
        const current = new WorkerTab(port, message.hasToken);
        const key = sessionKey(message.config);
        const existing = sessions.get(key);
        tab = current;
        if (existing === undefined) {
          session = new HubSession(
            { config: message.config, WebSocket: options.WebSocket, timers, now: options.now },
            current,
            message.rooms,
            message.online,
            message.resume,
          );
          sessions.set(key, session);
        } else {
          session = existing;
          session.reportNetwork(message.online);
          session.attach(current, message.rooms, message.resume);
        }
        if (message.lock !== undefined) {
          watchTabLock(message.lock, () => {
            if (tab === current) leave();
          });
        }
        return;
      }
      if (tab === undefined || session === undefined) return;
      switch (message.type) {
        case "subscribe":
          session.subscribe(tab, message.rooms, message.resume, message.history);
          return;
        case "seed":
          session.seed(tab, message.rooms);
          return;
        case "append":
          session.append(tab, message.requestId, message.room, message.eventType, message.data);
          return;
        case "unsubscribe":
          session.unsubscribe(tab, message.rooms);
          return;
        case "publish":
          session.publish(tab, message.room, message.kind, message.options);
          return;
        case "retry":
          session.retry();
          return;
        case "network":
          session.reportNetwork(message.online);
          return;
        case "token":
          session.answerToken(message.requestId, message.token, message.failed);
          return;
        case "detach":
          leave();
          return;
      }
    };

    port.addEventListener("message", (event) => handle(event.data as TabMessage));
    port.start();
  };

  return {
    attach,
    socketCount: () => sessions.size,
  };
}

/** Configurations are compared by value: key order is fixed by the tab that builds them. */
function sessionKey(config: SharedConnectionConfig): string {
  return JSON.stringify(config);
}
