import { afterEach, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { playbacks } from "./support/events.js";
import { startTestHub, type TestHub } from "./support/hub.js";
import { TestClient } from "./support/ws-client.js";

describe("heartbeats", () => {
  let hub: TestHub;
  afterEach(async () => {
    await hub.close();
  });

  it("pings clients and closes a peer that stops answering, keeping the others", async () => {
    hub = await startTestHub({ HUB_HEARTBEAT_MS: "200" });
    const healthy = await TestClient.ready(hub.wsUrl);
    let pings = 0;
    healthy.socket.on("ping", () => pings++);
    // A peer whose WebSocket layer never answers control pings (a frozen tab, a dead NAT).
    const silent = await TestClient.ready(hub.wsUrl, {
      autoPong: false,
    } as WebSocket.ClientOptions);
    const closed = await silent.closed;
    expect(closed.code).toBe(1006);
    expect(pings).toBeGreaterThan(0);
    expect(healthy.socket.readyState).toBe(WebSocket.OPEN);
    const seqs = await hub.publish(playbacks("global", 2));
    expect((await healthy.waitForEvents(2)).map((e) => e.seq)).toEqual(seqs);
    healthy.close();
  });
});
