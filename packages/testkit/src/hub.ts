import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { HUB_BUNDLE, HUB_DIR } from "./paths.js";
import { type StartedProcess, startNodeServer } from "./processes.js";

/**
 * The hub as a real process, started from apps/hub (never imported: a hub in the test's own
 * process is `startTestHub` from `@pulseboard/hub/testing`).
 */

export interface HubProcess {
  child: ChildProcess;
  url: string;
  wsUrl: string;
  /** Resolves with the exit code (or the signal that ended it). */
  exited: Promise<number | NodeJS.Signals>;
  output(): string;
  kill(signal?: NodeJS.Signals): void;
}

/**
 * The hub from its sources (`src/main.ts` through tsx), a child of this process, for what only a
 * process can show: signals, exit codes, being killed. Its URL is read from the "ready" line it
 * prints.
 */
export async function spawnHub(env: Record<string, string> = {}): Promise<HubProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd: HUB_DIR,
    env: {
      ...process.env,
      HUB_HOST: "127.0.0.1",
      HUB_PORT: "0",
      HUB_LOG_LEVEL: "info",
      HUB_AUTH: "none",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<number | NodeJS.Signals>((resolve) => {
    child.once("exit", (code, signal) => resolve(code ?? signal ?? -1));
  });
  const url = await new Promise<string>((resolve, reject) => {
    // A hub that misses the deadline is killed: the caller gets no handle to stop it with, and
    // a hub left starting (a cluster primary with its workers) would outlive the test.
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`hub did not start:\n${output}`));
    }, 30_000);
    child.stderr?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const match = /hub ready: (http:\/\/\S+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`hub exited (${code}) before it was ready:\n${output}`));
    });
  });
  return {
    child,
    url,
    wsUrl: `${url.replace(/^http/, "ws")}/ws`,
    exited,
    output: () => output,
    kill: (signal = "SIGTERM") => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    },
  };
}

/** What `startHubBundle` needs to know of a hub: its settings, its log and its address. */
export interface HubBundleSettings {
  /** The hub's own variables, over the inherited environment (see `baseEnv`). */
  env: Record<string, string>;
  logFile: string;
  /** http://127.0.0.1:port, where /readyz answers. */
  httpUrl: string;
}

/**
 * The hub's production bundle (`apps/hub/dist/main.js`), detached and logging to a file like
 * every process of a stack; resolves once its /readyz answers 200.
 */
export async function startHubBundle(hub: HubBundleSettings): Promise<StartedProcess> {
  if (!existsSync(HUB_BUNDLE)) {
    throw new Error(`${HUB_BUNDLE} is missing: run \`pnpm --filter @pulseboard/hub build\``);
  }
  return startNodeServer({
    args: ["--enable-source-maps", HUB_BUNDLE],
    cwd: HUB_DIR,
    env: hub.env,
    logFile: hub.logFile,
    match: [HUB_BUNDLE],
    readyUrl: `${hub.httpUrl}/readyz`,
    readyTimeoutMs: 30_000,
  });
}
