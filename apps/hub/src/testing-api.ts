import type { IncomingMessage, ServerResponse } from "node:http";
import type { TestHubState } from "@pulseboard/protocol";
import { sendJson } from "./http-responses.js";
import type { Hub } from "./hub.js";

/** Where the testing API answers (only with HUB_TESTING_API=1). */
export const TESTING_PREFIX = "/api/v1/testing/";

/**
 * Fault injection and inspection for tests that run the hub as a process (the testkit's
 * `startTestHubProcess`), so that packages test against a real hub without importing the app.
 * Off unless HUB_TESTING_API=1, which production never sets (the hub logs a warning when it is
 * on): it shows every connection's rooms to anyone who can reach the port and ends them all.
 *
 *   GET  /api/v1/testing/state              TestingState
 *   POST /api/v1/testing/drop-connections   ends every connection without a close frame, as a
 *                                           dropped link would
 */
export function createTestingApi(hub: Hub) {
  return async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { pathname } = new URL(req.url ?? "/", "http://hub.invalid");
    const action = pathname.slice(TESTING_PREFIX.length);
    if (action === "state" && req.method === "GET") {
      const state: TestHubState = {
        epoch: hub.broker.epoch,
        connections: [...hub.clients].map((client) => ({
          open: client.isOpen,
          rooms: [...client.rooms],
        })),
        replayedEvents: hub.replayStats.replayedEvents,
        resets: { ...hub.replayStats.resets },
        slowConsumerCloses: hub.stats.slowConsumerCloses,
      };
      sendJson(res, 200, state);
      return;
    }
    if (action === "drop-connections" && req.method === "POST") {
      const count = hub.clients.size;
      for (const client of hub.clients) client.socket.terminate();
      sendJson(res, 200, { dropped: count });
      return;
    }
    sendJson(res, 404, { error: "not_found", message: `no testing route ${pathname}` });
  };
}
