import { describe, expect, it } from "vitest";
import { type HubPresence, PresenceRegistry } from "../../src/presence/registry.js";

const ana = { id: "u-ana", name: "Ana" };
const bo = { id: "u-bo", name: "Bo" };

function state(entries: [room: string, connection: string, member: typeof ana][]): HubPresence {
  const result: HubPresence = new Map();
  for (const [room, connection, member] of entries) {
    let connections = result.get(room);
    if (connections === undefined) {
      connections = new Map();
      result.set(room, connections);
    }
    connections.set(connection, member);
  }
  return result;
}

describe("PresenceRegistry", () => {
  it("joins a user once and leaves once, however many connections and hubs they use", () => {
    const registry = new PresenceRegistry();
    expect(registry.add("h1", "r", "c1", ana)).toEqual([{ type: "join", room: "r", member: ana }]);
    expect(registry.add("h1", "r", "c2", ana)).toEqual([]);
    expect(registry.add("h2", "r", "c3", ana)).toEqual([]);
    expect(registry.add("h1", "r", "c1", ana)).toEqual([]);
    expect(registry.members("r")).toEqual([ana]);
    expect(registry.remove("h1", "r", "c1")).toEqual([]);
    expect(registry.remove("h2", "r", "c3")).toEqual([]);
    expect(registry.remove("h1", "r", "c2")).toEqual([{ type: "leave", room: "r", member: ana }]);
    expect(registry.members("r")).toEqual([]);
    expect(registry.remove("h1", "r", "c2")).toEqual([]);
    expect(registry.memberCount).toBe(0);
  });

  it("keeps rooms apart", () => {
    const registry = new PresenceRegistry();
    registry.add("h1", "a", "c1", ana);
    expect(registry.add("h1", "b", "c1", ana)).toEqual([{ type: "join", room: "b", member: ana }]);
    expect(registry.members("a")).toEqual([ana]);
    expect(registry.members("b")).toEqual([ana]);
    expect(registry.memberCount).toBe(2);
  });

  it("replaces a hub's state with the difference only; a switched connection is no leave", () => {
    const registry = new PresenceRegistry();
    registry.replace("h2", state([["r", "c1", ana]]));
    const changes = registry.replace(
      "h2",
      state([
        ["r", "c9", ana],
        ["r", "c2", bo],
      ]),
    );
    expect(changes).toEqual([{ type: "join", room: "r", member: bo }]);
    expect(registry.replace("h2", state([["r", "c2", bo]]))).toEqual([
      { type: "leave", room: "r", member: ana },
    ]);
    expect(registry.stateOf("h2")).toEqual(state([["r", "c2", bo]]));
  });

  it("drops a hub: its users leave unless another hub still has them", () => {
    const registry = new PresenceRegistry();
    registry.add("h1", "r", "c1", ana);
    registry.add("h2", "r", "c2", ana);
    registry.add("h2", "r", "c3", bo);
    expect(registry.drop("h2")).toEqual([{ type: "leave", room: "r", member: bo }]);
    expect(registry.members("r")).toEqual([ana]);
    expect(registry.knownHubs()).toEqual(["h1"]);
  });

  it("treats a connection that changes user as a leave and a join", () => {
    const registry = new PresenceRegistry();
    registry.add("h1", "r", "c1", ana);
    expect(registry.add("h1", "r", "c1", bo)).toEqual([
      { type: "leave", room: "r", member: ana },
      { type: "join", room: "r", member: bo },
    ]);
  });
});
