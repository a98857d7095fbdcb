import { MessageChannel } from "node:worker_threads";
import { afterEach, describe, expect, it } from "vitest";
import { createConnection } from "../src/connection.js";
import type { ConnectionOptions } from "../src/connection-api.js";
import type { ConnectionStatus } from "../src/connection-state.js";
import { createSharedConnection } from "../src/shared/create-shared-connection.js";
import type { PortLike } from "../src/shared/wire.js";
import { FakeNetwork } from "./support/fake-network.js";
import { FakeSocket } from "./support/fake-socket.js";

// The plain and the shared tab connection share one base (connection-base.ts): whichever a
// page gets, it is observed and closed the same way. No hub is needed for that part.
const channels: MessageChannel[] = [];

afterEach(() => {
  for (const channel of channels.splice(0)) channel.port1.close();
  FakeSocket.reset();
});

const kinds: [string, (options: ConnectionOptions) => ReturnType<typeof createConnection>][] = [
  ["plain", (options) => createConnection({ ...options, WebSocket: FakeSocket })],
  [
    "shared",
    (options) =>
      createSharedConnection({
        ...options,
        // A worker that never answers: the tab stays attached until closed.
        sharedWorker: () => {
          const channel = new MessageChannel();
          channels.push(channel);
          return { port: channel.port2 as unknown as PortLike };
        },
        workerTimeoutMs: 60_000,
      }),
  ],
];

describe.each(kinds)("%s connection, as every Connection is observed", (_kind, create) => {
  it("wants the rooms it was given and those added or removed later", () => {
    const connection = create({ url: "ws://hub.test/ws", rooms: ["global"], network: null });
    connection.subscribeRooms(["dashboard:1", "global"]);
    connection.unsubscribeRooms(["global"]);
    expect(connection.getRooms()).toEqual(["dashboard:1"]);
    connection.close();
  });

  it("listens for online/offline until close(), then is closed for good", () => {
    const network = new FakeNetwork();
    const connection = create({ url: "ws://hub.test/ws", rooms: ["global"], network });
    expect([network.count("online"), network.count("offline")]).toEqual([1, 1]);
    const statuses: ConnectionStatus[] = [];
    connection.subscribe((state) => statuses.push(state.status));
    connection.close();
    connection.close();
    expect([network.count("online"), network.count("offline")]).toEqual([0, 0]);
    expect(statuses).toEqual(["closed"]);
    expect(connection.getState()).toEqual({ status: "closed" });
  });
});
