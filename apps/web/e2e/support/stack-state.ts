import { readFileSync, renameSync, writeFileSync } from "node:fs";

/**
 * What the global setup started, shared with the test workers and the global teardown through
 * a JSON file (its path is in PULSEBOARD_E2E_STATE). Workers that restart a hub record the new
 * PID here, so the teardown stops every process of the run, whoever started it.
 */

export const STATE_ENV = "PULSEBOARD_E2E_STATE";

export type HubName = "a" | "b";
export const HUB_NAMES: readonly HubName[] = ["a", "b"];

export interface ProcessRecord {
  pid: number;
  /** Substrings of its command line (any one), checked before it is signalled. */
  match: readonly string[];
  label: string;
}

export interface HubRecord {
  name: HubName;
  port: number;
  /** http://127.0.0.1:port */
  httpUrl: string;
  /** ws://127.0.0.1:port/ws */
  wsUrl: string;
  /** The hub's own variables (merged over the inherited environment on every start). */
  env: Record<string, string>;
  logFile: string;
  /** The process currently serving this hub (the latest one started). */
  pid: number;
}

export interface StackState {
  runDir: string;
  logDir: string;
  secret: string;
  /** The hubs' HUB_ADMIN_TOKEN (the web app's too) and the operator password of the admin page. */
  admin: { token: string; password: string };
  nats: { url: string; port: number; storeDir: string; logFile: string };
  hubs: Partial<Record<HubName, HubRecord>>;
  proxy?: { port: number; wsUrl: string; controlUrl: string };
  web?: { url: string; port: number; hubUrl: string; logFile: string };
  /** Every process ever started for this run; the teardown stops those still running. */
  processes: ProcessRecord[];
}

export function statePath(): string {
  const path = process.env[STATE_ENV];
  if (path === undefined || path === "") {
    throw new Error(`${STATE_ENV} is not set: run the suite with \`pnpm test:e2e\``);
  }
  return path;
}

export function readState(path = statePath()): StackState {
  return JSON.parse(readFileSync(path, "utf8")) as StackState;
}

export function writeState(state: StackState, path = statePath()): void {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(state, null, 2)}\n`);
  renameSync(temporary, path);
}
