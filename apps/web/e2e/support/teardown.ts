import { rmSync } from "node:fs";
import { log, stopProcess } from "@pulseboard/testkit";
import { takeProxy } from "./proxy-handle";
import type { StackState } from "./stack-state";

/**
 * Stops every process of the run, newest first (the web app, hubs, then nats-server), by PID,
 * and removes the run's temporary directory (the NATS store). Logs stay in test-results/.
 */
export async function stopStack(state: StackState | undefined): Promise<void> {
  await takeProxy()?.close();
  if (state === undefined) return;
  for (const proc of [...state.processes].reverse()) {
    try {
      await stopProcess(proc.pid, proc.match, { timeoutMs: 8_000 });
    } catch (error) {
      log(`could not stop ${proc.label} (pid ${proc.pid}): ${String(error)}`);
    }
  }
  rmSync(state.runDir, { recursive: true, force: true });
}
