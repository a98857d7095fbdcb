import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { freePort } from "./ports.js";
import { baseEnv, logTail, type StartedProcess, spawnLogged, stopIfNotReady } from "./processes.js";
import { waitUntil } from "./wait.js";

/**
 * Real `nats-server -js` processes for tests: loopback only, a free port, a throwaway store.
 * `scripts/ensure-nats-server.sh` installs the binary; NATS_SERVER_BIN overrides where it is.
 * `startNatsServer` keeps the process as a child of the caller (a test file); `startLoggedNatsServer`
 * detaches it and logs to a file, for a stack that must outlive the worker that started it.
 */

const READY_LINE = "Server is ready";
const START_TIMEOUT_MS = 20_000;
const STOP_TIMEOUT_MS = 10_000;

export interface NatsServerHandle {
  readonly url: string;
  readonly port: number;
  readonly storeDir: string;
  readonly pid: number | undefined;
  /** Stops the process, keeping store and port, and starts it again on them. */
  restart(): Promise<void>;
  /** Stops the process without removing the store (for restart-style tests). */
  halt(): Promise<void>;
  /** Starts a halted server again. */
  resume(): Promise<void>;
  /** Stops the process and removes the store. Idempotent. */
  stop(): Promise<void>;
}

export interface NatsServerOptions {
  /** Extra command-line arguments (cluster settings, ...). */
  args?: readonly string[];
  port?: number;
  storeDir?: string;
}

export function natsServerBinary(): string {
  const fromEnv = process.env.NATS_SERVER_BIN;
  if (fromEnv) return fromEnv;
  const dirs = [...(process.env.PATH ?? "").split(delimiter), "/usr/sbin", "/usr/local/sbin"];
  for (const dir of dirs) {
    const candidate = join(dir, "nats-server");
    if (dir !== "" && existsSync(candidate)) return candidate;
  }
  throw new Error("nats-server not found: run `bash scripts/ensure-nats-server.sh`");
}

function natsServerArgs(port: number, storeDir: string, extra: readonly string[] = []): string[] {
  return ["-js", "-a", "127.0.0.1", "-p", String(port), "-sd", storeDir, ...extra];
}

export async function startNatsServer(options: NatsServerOptions = {}): Promise<NatsServerHandle> {
  const storeDir = options.storeDir ?? (await mkdtemp(join(tmpdir(), "pulse-nats-")));
  let port = options.port ?? (await freePort());
  let child: ChildProcess | undefined;
  // A free port can be taken between probing and binding; retry with a new one then.
  for (let attempt = 0; child === undefined; attempt++) {
    try {
      child = await spawnServer(port, storeDir, options.args ?? []);
    } catch (error) {
      if (options.port !== undefined || attempt >= 2) {
        if (options.storeDir === undefined) await rm(storeDir, { recursive: true, force: true });
        throw error;
      }
      port = await freePort();
    }
  }
  let current: ChildProcess | undefined = child;
  let removed = false;
  const handle: NatsServerHandle = {
    url: `nats://127.0.0.1:${port}`,
    port,
    storeDir,
    get pid() {
      return current?.pid;
    },
    async halt() {
      const running = current;
      current = undefined;
      if (running !== undefined) await killProcess(running);
    },
    async resume() {
      if (current !== undefined) return;
      current = await spawnServer(port, storeDir, options.args ?? []);
    },
    async restart() {
      await handle.halt();
      await handle.resume();
    },
    async stop() {
      await handle.halt();
      if (!removed && options.storeDir === undefined) {
        removed = true;
        await rm(storeDir, { recursive: true, force: true });
      }
    },
  };
  return handle;
}

function spawnServer(port: number, storeDir: string, extra: readonly string[]) {
  const child = spawn(natsServerBinary(), natsServerArgs(port, storeDir, extra), {
    stdio: ["ignore", "pipe", "pipe"],
  });
  return new Promise<ChildProcess>((resolve, reject) => {
    let output = "";
    const timer = setTimeout(() => {
      void killProcess(child);
      reject(new Error(`nats-server did not become ready:\n${output.slice(-2_000)}`));
    }, START_TIMEOUT_MS);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes(READY_LINE)) {
        clearTimeout(timer);
        child.off("exit", onExit);
        // Keep reading so a full pipe never blocks the server; the log itself is discarded.
        output = "";
        child.stdout?.removeListener("data", onData);
        child.stderr?.removeListener("data", onData);
        child.stdout?.resume();
        child.stderr?.resume();
        resolve(child);
      }
    };
    const onExit = (code: number | null) => {
      clearTimeout(timer);
      reject(new Error(`nats-server exited with ${code}:\n${output.slice(-2_000)}`));
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("exit", onExit);
    child.once("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

/** SIGTERM, then SIGKILL if the process is still there after the timeout. */
async function killProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(true), STOP_TIMEOUT_MS);
  });
  const late = await Promise.race([exited.then(() => false), timedOut]);
  clearTimeout(timer);
  if (late) {
    child.kill("SIGKILL");
    await exited;
  }
}

/**
 * `nats-server -js` on 127.0.0.1:`port` with its store in `storeDir`, detached in its own
 * process group and logging to `logFile`; stop it with `stopProcess(pid, match)`.
 */
export async function startLoggedNatsServer(
  port: number,
  storeDir: string,
  logFile: string,
): Promise<StartedProcess> {
  const proc = spawnLogged(natsServerBinary(), natsServerArgs(port, storeDir), {
    cwd: storeDir,
    env: baseEnv(),
    logFile,
    match: [`-sd ${storeDir}`],
  });
  await stopIfNotReady(
    proc,
    waitUntil(
      () => {
        if (proc.exited()) throw new Error(`nats-server exited:\n${logTail(logFile)}`);
        return logTail(logFile, 100_000).includes(READY_LINE);
      },
      20_000,
      "nats-server to be ready",
    ),
  );
  return proc;
}

export interface NatsClusterHandle {
  readonly nodes: readonly NatsServerHandle[];
  /** Client URLs of every node, for `servers`. */
  readonly urls: string[];
  stop(): Promise<void>;
}

/**
 * A JetStream cluster on loopback. Routes are fixed before any node starts, so ports are
 * probed up front. JetStream needs a meta leader before streams can be created: callers
 * should retry their first stream operation (or poll) rather than assume it is immediate.
 */
let clusters = 0;

export async function startNatsCluster(
  size = 3,
  // Unique per cluster: test files run in parallel, and two clusters must never share names.
  name = `pulse-test-${process.pid}-${++clusters}`,
): Promise<NatsClusterHandle> {
  const clusterPorts: number[] = [];
  const clientPorts: number[] = [];
  for (let i = 0; i < size; i++) {
    clusterPorts.push(await freePort());
    clientPorts.push(await freePort());
  }
  const routes = clusterPorts.map((port) => `nats://127.0.0.1:${port}`).join(",");
  const nodes: NatsServerHandle[] = [];
  try {
    const started = clusterPorts.map((clusterPort, i) =>
      startNatsServer({
        port: clientPorts[i] ?? 0,
        args: [
          "-n",
          `${name}-${i}`,
          "--cluster_name",
          name,
          "--cluster",
          `nats://127.0.0.1:${clusterPort}`,
          "--routes",
          routes,
        ],
      }),
    );
    // Nodes wait for each other's routes, so they must start concurrently.
    for (const result of await Promise.allSettled(started)) {
      if (result.status === "fulfilled") nodes.push(result.value);
    }
    if (nodes.length !== size) throw new Error("a cluster node failed to start");
  } catch (error) {
    await Promise.allSettled(nodes.map((node) => node.stop()));
    throw error;
  }
  return {
    nodes,
    urls: nodes.map((node) => node.url),
    stop: async () => {
      await Promise.allSettled(nodes.map((node) => node.stop()));
    },
  };
}
