import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { delimiter, join } from "node:path";
import { HUB_BUNDLE, HUB_DIR, WEB_DIR } from "./paths";
import {
  logTail,
  type StartedProcess,
  spawnLogged,
  stopProcess,
  waitForHttpOk,
  waitUntil,
} from "./processes";
import type { HubRecord } from "./stack-state";

const NATS_READY_LINE = "Server is ready";

/**
 * The environment every server inherits: this process's, minus anything that would change how
 * a hub or the web app behaves behind the suite's back: a developer's HUB_*, NATS_URL,
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

/** `nats-server -js` on 127.0.0.1:`port` with its store in `storeDir`. */
export async function startNats(port: number, storeDir: string, logFile: string) {
  const binary = natsServerBinary();
  const proc = spawnLogged(
    binary,
    ["-js", "-a", "127.0.0.1", "-p", String(port), "-sd", storeDir],
    { cwd: storeDir, env: baseEnv(), logFile, match: [`-sd ${storeDir}`] },
  );
  await stopIfNotReady(
    proc,
    waitUntil(
      () => {
        if (proc.exited()) throw new Error(`nats-server exited:\n${logTail(logFile)}`);
        return logTail(logFile, 100_000).includes(NATS_READY_LINE);
      },
      20_000,
      "nats-server to be ready",
    ),
  );
  return proc;
}

/** One hub process from the production bundle; resolves once its /readyz answers 200. */
export async function startHub(hub: HubRecord): Promise<StartedProcess> {
  if (!existsSync(HUB_BUNDLE)) {
    throw new Error(`${HUB_BUNDLE} is missing: run \`pnpm --filter @pulseboard/hub build\``);
  }
  const proc = spawnLogged(process.execPath, ["--enable-source-maps", HUB_BUNDLE], {
    cwd: HUB_DIR,
    env: { ...baseEnv(), ...hub.env },
    logFile: hub.logFile,
    match: [HUB_BUNDLE],
  });
  await stopIfNotReady(proc, waitForHttpOk(`${hub.httpUrl}/readyz`, proc, hub.logFile, 30_000));
  return proc;
}

/** `next start` of the existing production build on 127.0.0.1:`port`. */
export async function startWeb(port: number, env: Record<string, string>, logFile: string) {
  const nextBin = createRequire(join(WEB_DIR, "package.json")).resolve("next/dist/bin/next");
  const proc = spawnLogged(
    process.execPath,
    [nextBin, "start", "-H", "127.0.0.1", "-p", String(port)],
    {
      cwd: WEB_DIR,
      env: { ...baseEnv(), NEXT_TELEMETRY_DISABLED: "1", ...env },
      logFile,
      // `next start` renames its process to "next-server (vX)" once it runs.
      match: [nextBin, "next-server"],
    },
  );
  // The token route answering proves the server is up and has its secret.
  const tokenUrl = `http://127.0.0.1:${port}/api/token?rooms=global`;
  await stopIfNotReady(proc, waitForHttpOk(tokenUrl, proc, logFile, 60_000));
  return proc;
}

/** A server that never became ready is stopped before the error is passed on. */
async function stopIfNotReady(proc: StartedProcess, ready: Promise<void>): Promise<void> {
  try {
    await ready;
  } catch (error) {
    await stopProcess(proc.pid, proc.match, { timeoutMs: 5_000 });
    throw error;
  }
}
