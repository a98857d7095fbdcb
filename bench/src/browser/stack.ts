import { spawn } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startTestHub, type TestHub } from "@pulseboard/hub/testing";
import {
  freePort,
  isOurs,
  type StartedProcess,
  signalGroup,
  startWeb,
  stopProcess,
} from "@pulseboard/testkit";

/**
 * The system under test: the hub in this process (`@pulseboard/hub/testing`: embedded memory
 * broker, HUB_AUTH=none, 127.0.0.1 on an ephemeral port), and the production build of the web
 * app served by `next start` on 127.0.0.1, started and stopped by the helpers the e2e suite uses
 * (`@pulseboard/testkit`), so the benchmark runs the app the way the e2e tests do.
 */
export interface Stack {
  hub: TestHub;
  webUrl: string;
  webLogFile: string;
  stop(): Promise<void>;
}

const BENCH_DIR = fileURLToPath(new URL("../..", import.meta.url));
const BUILD_SCRIPT = fileURLToPath(new URL("./build-web.ts", import.meta.url));

/** Started processes (process-group leaders), killed at once if this process exits early. */
const started = new Set<StartedProcess>();

/**
 * The web build, as the e2e suite decides it (see build-web.ts), in a child process group that
 * is killed when it runs past `timeoutMs`.
 */
export function buildWebIfNeeded(logDir: string, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", BUILD_SCRIPT, logDir], {
      cwd: BENCH_DIR,
      // Progress to stderr: stdout carries the results table.
      stdio: ["ignore", 2, 2],
      detached: true,
    });
    const pid = child.pid;
    const timer = setTimeout(() => {
      if (pid !== undefined) signalGroup(pid, "SIGKILL");
      reject(new Error(`the web build did not finish within ${timeoutMs / 1000} s`));
    }, timeoutMs);
    const onExit = () => {
      if (pid !== undefined) signalGroup(pid, "SIGKILL");
    };
    process.once("exit", onExit);
    child.once("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      process.off("exit", onExit);
      if (code === 0) resolve();
      else reject(new Error(`the web build failed (exit ${code ?? signal}); log in ${logDir}`));
    });
  });
}

/** `hubEnv`: more hub settings (a NATS_URL, a publish token), over the defaults above. */
export async function startStack(
  logDir: string,
  hubEnv: Record<string, string> = {},
): Promise<Stack> {
  const hub = await startTestHub({ HUB_LOG_LEVEL: "error", HUB_SHUTDOWN_MS: "1000", ...hubEnv });
  try {
    const port = await freePort();
    const webLogFile = join(logDir, "web.log");
    // No secret: the token route answers {token: null} and the page connects without one,
    // which this hub (HUB_AUTH=none) accepts.
    const web = await startWeb(
      port,
      { NEXT_PUBLIC_HUB_URL: hub.wsUrl, PULSEBOARD_DEV_TOKENS: "1" },
      webLogFile,
    );
    started.add(web);
    return {
      hub,
      webUrl: `http://127.0.0.1:${port}`,
      webLogFile,
      stop: async () => {
        await stopProcess(web.pid, web.match, { timeoutMs: 5_000 });
        started.delete(web);
        await hub.close();
      },
    };
  } catch (error) {
    await hub.close();
    throw error;
  }
}

/** For exit paths that cannot wait: SIGKILL to every process group this run started. */
export function killStackNow(): void {
  for (const proc of started) {
    if (isOurs(proc.pid, proc.match)) signalGroup(proc.pid, "SIGKILL");
  }
  started.clear();
}
