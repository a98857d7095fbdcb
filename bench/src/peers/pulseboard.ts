import { createHubApp, loadConfig } from "@pulseboard/hub";
import { EVENT_TYPE } from "../payload.js";
import { BENCH_HUB_ENV } from "./hub-env.js";
import { runPeer } from "./peer-runtime.js";

/**
 * Pulseboard's hub as it ships (embedded memory broker, default queue limits and heartbeats),
 * auth off and connection caps raised for load. Events are published through the hub's own
 * broker in this process, so the producer costs what `io.emit` costs Socket.IO.
 */
await runPeer("pulseboard", async () => {
  const config = loadConfig({ ...BENCH_HUB_ENV, HUB_PORT: "0" });
  const app = createHubApp(config);
  const { port } = await app.start();
  const room = config.defaultRooms[0] ?? "global";
  const onError = (error: unknown) => console.error("pulseboard peer: publish failed", error);
  return {
    port,
    emit: (data) => {
      app.broker.publish([{ room, type: EVENT_TYPE, data }]).catch(onError);
    },
    connections: () => app.hub.clients.size,
    close: () => app.shutdown(),
  };
});
