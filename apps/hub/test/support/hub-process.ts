import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const HUB_DIR = fileURLToPath(new URL("../..", import.meta.url));

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
 * The hub as a real process (`src/main.ts` through tsx), for what only a process can show:
 * signals, exit codes, being killed. Its URL is read from the "ready" line it prints.
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
    const timer = setTimeout(() => reject(new Error(`hub did not start:\n${output}`)), 30_000);
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
