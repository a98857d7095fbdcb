import { type ChildProcess, fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { ReadyMessage, RpcReply } from "./ipc.js";

/**
 * Child processes of a run (peers, load workers), each started with fork and ended by its
 * PID: on request, on failure, and when the orchestrator itself exits or is interrupted.
 */

const BENCH_DIR = fileURLToPath(new URL("..", import.meta.url));
const live = new Set<ChildProcess>();

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

export interface ChildOptions {
  env?: Record<string, string>;
  /** Extra node flags (e.g. --cpu-prof). tsx and --expose-gc are always there. */
  nodeFlags?: string[];
  readyTimeoutMs?: number;
}

export class Child<Info = unknown> {
  readonly ready: Promise<Info>;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private exited = false;
  private readonly exit: Promise<void>;

  constructor(
    readonly name: string,
    readonly proc: ChildProcess,
    readyTimeoutMs: number,
  ) {
    this.exit = new Promise((resolve) => proc.once("exit", () => resolve()));
    this.ready = new Promise<Info>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${name} not ready after ${readyTimeoutMs} ms`)),
        readyTimeoutMs,
      );
      proc.on("message", (raw: unknown) => {
        const message = raw as Partial<ReadyMessage & RpcReply>;
        if (message.ready === true) {
          clearTimeout(timer);
          resolve(message.info as Info);
          return;
        }
        if (typeof message.rpc !== "number") return;
        const waiting = this.pending.get(message.rpc);
        if (waiting === undefined) return;
        this.pending.delete(message.rpc);
        clearTimeout(waiting.timer);
        if (message.ok) waiting.resolve(message.result);
        else waiting.reject(new Error(`${name}: ${message.error ?? "request failed"}`));
      });
      proc.once("exit", (code, signal) => {
        this.exited = true;
        live.delete(proc);
        clearTimeout(timer);
        const error = new Error(`${name} exited (code ${code}, signal ${signal})`);
        reject(error);
        for (const waiting of this.pending.values()) {
          clearTimeout(waiting.timer);
          waiting.reject(error);
        }
        this.pending.clear();
      });
    });
    // A failed start is reported by whoever awaits `ready`; never as an unhandled rejection.
    this.ready.catch(() => {});
  }

  get pid(): number | undefined {
    return this.proc.pid;
  }

  request<T>(type: string, payload?: unknown, timeoutMs = 30_000): Promise<T> {
    if (this.exited) return Promise.reject(new Error(`${this.name} has exited`));
    const rpc = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(rpc);
        reject(new Error(`${this.name}: ${type} timed out after ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(rpc, { resolve: resolve as (value: unknown) => void, reject, timer });
      this.proc.send({ rpc, type, payload });
    });
  }

  /** Asks the child to stop; past `graceMs` it is killed by PID. */
  async stop(graceMs = 5_000): Promise<void> {
    if (this.exited) return;
    await this.request("stop", undefined, graceMs).catch(() => {});
    const timer = setTimeout(() => killChild(this.proc), graceMs);
    await this.exit;
    clearTimeout(timer);
  }
}

/** Forks `entry` (relative to bench/src) with tsx and --expose-gc; tracked until it exits. */
export function startChild<Info>(
  name: string,
  entry: string,
  options: ChildOptions = {},
): Child<Info> {
  const proc = fork(fileURLToPath(new URL(entry, import.meta.url)), [], {
    cwd: BENCH_DIR,
    execArgv: ["--import", "tsx", "--expose-gc", ...(options.nodeFlags ?? [])],
    env: { ...process.env, ...options.env },
    serialization: "advanced",
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  live.add(proc);
  return new Child<Info>(name, proc, options.readyTimeoutMs ?? DEFAULT_READY_TIMEOUT_MS);
}

/**
 * How long a child may take to load (tsx compiles the hub's sources on the way): on this shared
 * machine under load (load average 20–40 on 2 cores) the Pulseboard peer took over 30 s, and
 * a session that loses its peer loses its round.
 */
const DEFAULT_READY_TIMEOUT_MS = 120_000;

function killChild(proc: ChildProcess, signal: NodeJS.Signals = "SIGKILL"): void {
  if (proc.pid === undefined || proc.exitCode !== null || proc.signalCode !== null) return;
  try {
    process.kill(proc.pid, signal);
  } catch {
    // already gone
  }
}

/**
 * Ends every child this process started and that is still running, one PID at a time. SIGTERM,
 * not SIGKILL: a peer that runs processes of its own (the hub cluster, its nats-server) ends
 * them on SIGTERM, and would leave them running if killed outright.
 */
export function killAllChildren(): void {
  for (const proc of live) killChild(proc, "SIGTERM");
  live.clear();
}

let installed = false;

/** No child outlives the orchestrator: normal exit, Ctrl-C, SIGTERM or a crash. */
export function installCleanup(): void {
  if (installed) return;
  installed = true;
  process.on("exit", killAllChildren);
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.on(signal, () => {
      console.error(`\nbench: ${signal}, stopping children`);
      killAllChildren();
      process.exit(130);
    });
  }
  process.on("uncaughtException", (error) => {
    console.error("bench: uncaught exception", error);
    killAllChildren();
    process.exit(1);
  });
  process.on("unhandledRejection", (error) => {
    console.error("bench: unhandled rejection", error);
    killAllChildren();
    process.exit(1);
  });
}
