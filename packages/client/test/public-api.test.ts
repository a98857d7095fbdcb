import { describe, expect, it } from "vitest";
import * as main from "../src/index.js";
import * as react from "../src/react.js";
import * as worker from "../src/shared/worker-entry.js";

// The entry points are a promise to the apps (README, "Public API"): a value added to or
// dropped from one is a decision, so it must show up here and in the README together.
describe("public API", () => {
  it("@pulseboard/client exports the framework-free values and nothing internal", () => {
    const values = "AppendError RoomEventsError connectStore createConnection createPulseClient";
    expect(Object.keys(main).sort()).toEqual(
      `${values} createPulseStore createSharedConnection emptyRoom fetchRoomEvents hydrateRoom loadOlderEvents resumePointOf roomFromState`.split(
        " ",
      ),
    );
  });

  it("@pulseboard/client/react exports the hooks only", () => {
    expect(Object.keys(react).sort()).toEqual(["useConnectionState", "usePulseStore", "useRoom"]);
  });

  it("@pulseboard/client/worker exports the worker script's one call", () => {
    expect(Object.keys(worker)).toEqual(["serveSharedConnections"]);
  });
});
