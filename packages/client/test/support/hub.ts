import { startTestHub, type TestHub } from "@pulseboard/hub/testing";

export interface RunningHub extends TestHub {
  /** Closes every connection from the server side without a close frame (a dropped link). */
  dropConnections(): void;
  /** Closes every connection with `code`, as the hub itself would (e.g. 4008). */
  closeConnections(code: number, reason: string): void;
  shutdown(): Promise<void>;
}

/** A real hub in this process (see @pulseboard/hub/testing), with ways to break connections. */
export async function startHub(env: Record<string, string> = {}): Promise<RunningHub> {
  const hub = await startTestHub(env);
  return {
    ...hub,
    dropConnections() {
      for (const client of hub.app.hub.clients) client.socket.terminate();
    },
    closeConnections(code, reason) {
      for (const client of hub.app.hub.clients) client.close(code, reason);
    },
    shutdown: () => hub.close(),
  };
}
