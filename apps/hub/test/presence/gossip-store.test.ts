import { afterEach, describe, expect, it } from "vitest";
import { MemoryBroker } from "../../src/broker/memory/memory-broker.js";
import { GossipPresenceStore } from "../../src/presence/gossip-store.js";
import type { PresenceChange } from "../../src/presence/registry.js";
import { recordingLogger } from "../support/recording-logger.js";

/**
 * The presence store alone, without sockets: two hubs' stores on one ephemeral bus (the
 * embedded broker's, which delivers in a microtask, as a network would later), each seeing the
 * other's members.
 */

/** Lets the bus deliver what was published so far (and the answers it triggers). */
const delivered = () => new Promise((resolve) => setImmediate(resolve));

const ana = { id: "ana", name: "Ana" };
const bo = { id: "bo", name: "Bo" };

describe("gossip presence store", () => {
  const stores: GossipPresenceStore[] = [];
  let broker: MemoryBroker;

  afterEach(async () => {
    for (const store of stores.splice(0)) store.stop();
    await broker?.close();
  });

  async function twoHubs(heartbeatMs = 60_000) {
    broker = new MemoryBroker({ retention: 100 });
    await broker.start();
    const logger = recordingLogger();
    const seen = new Map<GossipPresenceStore, PresenceChange[]>();
    const make = () => {
      const store = new GossipPresenceStore({ bus: broker, logger, heartbeatMs });
      const changes: PresenceChange[] = [];
      seen.set(store, changes);
      store.start((more) => changes.push(...more));
      stores.push(store);
      return store;
    };
    const a = make();
    const b = make();
    await delivered();
    return { a, b, seen: (store: GossipPresenceStore) => seen.get(store) ?? [] };
  }

  it("shares a member with the other hub, which hears it as a remote join", async () => {
    const { a, b, seen } = await twoHubs();
    expect(a.add("global", "c1", ana)).toEqual([{ type: "join", room: "global", member: ana }]);
    await delivered();
    expect(b.members("global")).toEqual([ana]);
    expect(seen(b)).toEqual([{ type: "join", room: "global", member: ana }]);
    // The local change is returned, not echoed through the listener.
    expect(seen(a)).toEqual([]);
    expect(a.peers).toEqual([b.hubId]);
  });

  it("counts a user once over connections on two hubs, and leaves after the last one", async () => {
    const { a, b, seen } = await twoHubs();
    a.add("global", "c1", bo);
    await delivered();
    expect(b.add("global", "c2", bo)).toEqual([]);
    await delivered();
    expect(a.remove("global", "c1")).toEqual([]);
    await delivered();
    expect(b.members("global")).toEqual([bo]);
    expect(b.remove("global", "c2")).toEqual([{ type: "leave", room: "global", member: bo }]);
    await delivered();
    expect(seen(a).at(-1)).toEqual({ type: "leave", room: "global", member: bo });
    expect(a.members("global")).toEqual([]);
  });

  it("drops a stopped hub's members on the others at once (its goodbye)", async () => {
    const { a, b, seen } = await twoHubs();
    a.add("global", "c1", ana);
    await delivered();
    expect(b.members("global")).toEqual([ana]);
    a.stop();
    await delivered();
    expect(b.members("global")).toEqual([]);
    expect(seen(b).at(-1)).toEqual({ type: "leave", room: "global", member: ana });
    expect(b.peers).toEqual([]);
  });

  it("ignores malformed reports and counts them", async () => {
    const { b } = await twoHubs();
    broker.publishEphemeral({ channel: "presence.not-a-hub-id", data: { op: "join" } });
    await delivered();
    expect(b.invalidReports).toBeGreaterThan(0);
    expect(b.members("global")).toEqual([]);
  });
});
