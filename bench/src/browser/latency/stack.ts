import { randomBytes } from "node:crypto";
import { startNatsServer } from "@pulseboard/testkit";
import { type Stack, startStack } from "../stack.js";

/**
 * The publish-to-pixel stack: a real `nats-server -js` (127.0.0.1, free port, throwaway store,
 * from `@pulseboard/testkit`), the hub in this process on it (NATS JetStream broker, the
 * publish API on with a random token), and the web app pointed at that hub.
 */
export interface LatencyStack extends Stack {
  natsUrl: string;
  publishToken: string;
}

/** nats-server PIDs to kill if this process exits before stop() ran. */
const natsPids = new Set<number>();

export async function startLatencyStack(logDir: string): Promise<LatencyStack> {
  const nats = await startNatsServer();
  if (nats.pid !== undefined) natsPids.add(nats.pid);
  const stopNats = async () => {
    if (nats.pid !== undefined) natsPids.delete(nats.pid);
    await nats.stop();
  };
  const publishToken = randomBytes(16).toString("hex");
  try {
    const stack = await startStack(logDir, { NATS_URL: nats.url, HUB_PUBLISH_TOKEN: publishToken });
    return {
      ...stack,
      natsUrl: nats.url,
      publishToken,
      stop: async () => {
        try {
          await stack.stop();
        } finally {
          await stopNats();
        }
      },
    };
  } catch (error) {
    await stopNats();
    throw error;
  }
}

/** For exit paths that cannot wait: SIGKILL to the nats-server processes this run started. */
export function killNatsNow(): void {
  for (const pid of natsPids) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // Already gone.
    }
  }
  natsPids.clear();
}
