import { type ChildProcess, spawn } from "node:child_process";
import { closeSync, existsSync, openSync, readFileSync } from "node:fs";
import { delay, waitUntil } from "./wait.js";

/**
 * Server processes of a test stack (nats-server, hubs, the web app). Each runs detached in its own process group (its group id is
 * its PID), with stdout and stderr appended to a log file rather than piped: a process started
 * by a test worker must outlive that worker (Playwright restarts workers after a failure), and
 * a pipe whose reader is gone would break it. Processes are stopped by PID only, after checking
 * that the PID still runs the command we started (so a recycled PID is never signalled).
 */

export interface StartedProcess {
  pid: number;
  /** Substrings of the process's command line (any one), checked before a signal is sent. */
  match: readonly string[];
  /** Whether this process exited (only known in the process that spawned it). */
  exited(): boolean;
}

/**
 * The environment every server inherits: this process's, minus anything that would change how
 * a hub or the web app behaves behind the tests' back: a developer's HUB_*, NATS_URL,
 * NEXT_PUBLIC_* or PULSEBOARD_DEV_TOKENS, and NODE_OPTIONS (flags such as --inspect or loader
 * hooks meant for the test runner would apply to every server).
 */
export function baseEnv(): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (key.startsWith("HUB_") || key === "NATS_URL" || key.startsWith("NEXT_PUBLIC_")) continue;
    if (key === "NODE_OPTIONS" || key === "PULSEBOARD_DEV_TOKENS") continue;
    env[key] = value;
  }
  return env;
}

export interface SpawnOptions {
  cwd: string;
  env: Record<string, string | undefined>;
  logFile: string;
  /** Substrings of its command line, any one (a server may retitle itself, as Next does). */
  match: readonly string[];
}

export function spawnLogged(
  command: string,
  args: readonly string[],
  options: SpawnOptions,
): StartedProcess {
  const fd = openSync(options.logFile, "a");
  let child: ChildProcess;
  try {
    child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env,
      stdio: ["ignore", fd, fd],
      detached: true,
    });
  } finally {
    closeSync(fd);
  }
  let exited = false;
  child.once("exit", () => {
    exited = true;
  });
  child.once("error", () => {
    exited = true;
  });
  // The runner (or worker) must not wait for servers to end on their own.
  child.unref();
  if (child.pid === undefined) throw new Error(`could not start ${command}`);
  return { pid: child.pid, match: options.match, exited: () => exited };
}

/** Running (not a zombie) and still the command we started. */
export function isOurs(pid: number, match: readonly string[]): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The state letter follows the parenthesised command name.
    const state = stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3);
    if (state === "Z" || state === "X") return false;
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ");
    return match.length === 0 || match.some((part) => cmdline.includes(part));
  } catch {
    return false;
  }
}

export function isAlive(pid: number): boolean {
  return existsSync(`/proc/${pid}`) && isOurs(pid, []);
}

/**
 * Sends `signal` to the process group `pid` leads (servers may have children of their own),
 * then waits for the leader to go; SIGKILL after `timeoutMs`. A no-op for a PID that is gone
 * or runs something else now.
 */
export async function stopProcess(
  pid: number,
  match: readonly string[],
  { signal = "SIGTERM", timeoutMs = 10_000 }: { signal?: NodeJS.Signals; timeoutMs?: number } = {},
): Promise<void> {
  if (!isOurs(pid, match)) return;
  signalGroup(pid, signal);
  const deadline = Date.now() + timeoutMs;
  while (isOurs(pid, match)) {
    if (Date.now() > deadline) {
      signalGroup(pid, "SIGKILL");
      await waitUntil(() => !isOurs(pid, match), 5_000, `process ${pid} to exit after SIGKILL`);
      return;
    }
    await delay(50);
  }
  // The leader is gone; make sure no child of it is left in its group.
  signalGroup(pid, "SIGKILL");
}

/** Every process we start leads its own group (detached), so the group id is its PID. */
export function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // No process is left in that group.
  }
}

/** The last `chars` characters of a log file (for error messages). */
export function logTail(file: string, chars = 3_000): string {
  try {
    const text = readFileSync(file, "utf8");
    return text.slice(-chars);
  } catch {
    return "(no log)";
  }
}

/** Resolves once `url` answers 200; fails early if the process exits first. */
export async function waitForHttpOk(
  url: string,
  proc: StartedProcess,
  logFile: string,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (proc.exited() || !isOurs(proc.pid, proc.match)) {
      throw new Error(`process ${proc.pid} exited before ${url} answered:\n${logTail(logFile)}`);
    }
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      await response.body?.cancel();
      if (response.status === 200) return;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      throw new Error(`${url} did not answer 200 within ${timeoutMs} ms:\n${logTail(logFile)}`);
    }
    await delay(100);
  }
}

/** A server that never became ready is stopped before the error is passed on. */
export async function stopIfNotReady(proc: StartedProcess, ready: Promise<void>): Promise<void> {
  try {
    await ready;
  } catch (error) {
    await stopProcess(proc.pid, proc.match, { timeoutMs: 5_000 });
    throw error;
  }
}

/** What `startNodeServer` runs and how it knows the server is ready. */
export interface NodeServerOptions {
  /** Arguments to `node` (this process's binary): the script and its own. */
  args: readonly string[];
  cwd: string;
  /** Over `baseEnv()`. */
  env: Record<string, string>;
  logFile: string;
  match: readonly string[];
  /** Ready once this answers 200. */
  readyUrl: string;
  readyTimeoutMs: number;
}

/** A Node server as a detached, logged process; resolves once `readyUrl` answers 200. */
export async function startNodeServer(options: NodeServerOptions): Promise<StartedProcess> {
  const proc = spawnLogged(process.execPath, options.args, {
    cwd: options.cwd,
    env: { ...baseEnv(), ...options.env },
    logFile: options.logFile,
    match: options.match,
  });
  await stopIfNotReady(
    proc,
    waitForHttpOk(options.readyUrl, proc, options.logFile, options.readyTimeoutMs),
  );
  return proc;
}
