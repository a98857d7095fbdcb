import { MessageChannel } from "node:worker_threads";
import WebSocket from "ws";
import { connectStore } from "../../src/connect-store.js";
import type { Connection } from "../../src/connection.js";
import {
  createSharedConnection,
  type SharedConnectionOptions,
} from "../../src/shared/create-shared-connection.js";
import { createSharedHost, type SharedHost } from "../../src/shared/host.js";
import type { PortLike } from "../../src/shared/wire.js";
import { createPulseStore, type PulseStore } from "../../src/store.js";

/**
 * A "browser" for tests in Node: one shared host (what the SharedWorker runs) and tabs whose
 * ports are real MessageChannel ports, as `new SharedWorker()` would hand out. The hub, the
 * sockets and the message passing are all real; only the worker's thread is the test's own.
 */
export class TestBrowser {
  readonly host: SharedHost = createSharedHost({ WebSocket: WebSocket as never });
  private readonly tabs: TestTab[] = [];

  /** `store`: one already hydrated from a server-rendered state (default: a new, empty one). */
  openTab(
    options: Omit<SharedConnectionOptions, "sharedWorker">,
    store: PulseStore = createPulseStore(),
  ): TestTab {
    const connection = createSharedConnection({
      network: null,
      ...options,
      sharedWorker: () => {
        const channel = new MessageChannel();
        this.host.attach(channel.port1 as unknown as PortLike);
        return { port: channel.port2 as unknown as PortLike };
      },
    });
    const tab = new TestTab(connection, store);
    this.tabs.push(tab);
    return tab;
  }

  closeAll(): void {
    for (const tab of this.tabs.splice(0)) tab.close();
  }
}

export class TestTab {
  private readonly stopFeeding: () => void;

  constructor(
    readonly connection: Connection,
    readonly store: PulseStore = createPulseStore(),
  ) {
    this.stopFeeding = connectStore(this.store, connection);
  }

  playbackIds(room: string): string[] {
    return (this.store.getState().rooms[room]?.playbacks ?? []).map((p) => String(p.data.id));
  }

  close(): void {
    this.connection.close();
    this.stopFeeding();
  }
}
