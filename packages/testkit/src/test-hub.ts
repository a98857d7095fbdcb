import { randomBytes } from "node:crypto";
import type { TestHubState } from "@pulseboard/protocol";
import { type HubProcess, spawnHub } from "./hub.js";

/** A hub process for tests of its clients, with the testing API to look inside and break it. */
export interface TestHubProcess {
  url: string;
  wsUrl: string;
  port: number;
  process: HubProcess;
  /** Publishes over the HTTP API; resolves with the sequences, throws on anything but 200. */
  publish(events: readonly object[]): Promise<number[]>;
  state(): Promise<TestHubState>;
  connections(): Promise<TestHubState["connections"]>;
  /** Ends every connection without a close frame, as a dropped link would. */
  dropConnections(): Promise<void>;
  /** SIGTERM (the hub drains as in production), resolved once the process exited. */
  close(): Promise<void>;
}

/**
 * A real hub process (sources through tsx, like `spawnHub`) with its testing API on
 * (HUB_TESTING_API=1), a publish token of its own, open auth unless `env` says otherwise and a
 * short drain. What a package that is not the hub uses to test against the hub without
 * importing the app.
 */
export async function startTestHubProcess(
  env: Record<string, string> = {},
): Promise<TestHubProcess> {
  const publishToken = randomBytes(16).toString("hex");
  const hub = await spawnHub({
    HUB_TESTING_API: "1",
    HUB_PUBLISH_TOKEN: publishToken,
    HUB_SHUTDOWN_MS: "2000",
    HUB_LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "warn",
    ...env,
  });
  const json = async (path: string, init?: RequestInit) => {
    const response = await fetch(`${hub.url}${path}`, init);
    const body: unknown = await response.json();
    if (!response.ok) throw new Error(`${path}: ${response.status} ${JSON.stringify(body)}`);
    return body;
  };
  const state = async () => (await json("/api/v1/testing/state")) as TestHubState;
  return {
    url: hub.url,
    wsUrl: hub.wsUrl,
    port: Number(new URL(hub.url).port),
    process: hub,
    async publish(events) {
      const answer = (await json("/api/v1/publish", {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${publishToken}` },
        body: JSON.stringify(events),
      })) as { seqs: number[] };
      return answer.seqs;
    },
    state,
    connections: async () => (await state()).connections,
    async dropConnections() {
      await json("/api/v1/testing/drop-connections", { method: "POST" });
    },
    async close() {
      hub.kill("SIGTERM");
      await hub.exited;
    },
  };
}
