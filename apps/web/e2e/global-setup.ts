import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FullConfig } from "@playwright/test";
import {
  buildHub,
  buildWebIfNeeded,
  freePorts,
  isAlive,
  log,
  type StartedProcess,
  startHubBundle,
  startLoggedNatsServer,
  startWeb,
  stopProcess,
} from "@pulseboard/testkit";
import { startFailoverProxy } from "./support/failover-proxy";
import { setProxy } from "./support/proxy-handle";
import {
  type HubName,
  type HubRecord,
  readState,
  STATE_ENV,
  type StackState,
  writeState,
} from "./support/stack-state";
import { stopStack } from "./support/teardown";

const RUN_DIR_PREFIX = "pulseboard-e2e-";

/**
 * Starts the whole stack on free loopback ports: nats-server (JetStream, temporary store), two
 * hubs on it (production bundle, HUB_AUTH=jwt with a secret made here), the failover proxy in
 * front of them, and `next start` of the production build pointed at the proxy. What was
 * started is written to a state file as it goes, so the teardown stops it even when this setup
 * fails half-way.
 */
export default async function globalSetup(config: FullConfig): Promise<void> {
  const started = Date.now();
  await cleanUpAbandonedRuns();

  const outputDir = config.projects[0]?.outputDir ?? join(process.cwd(), "test-results");
  const logDir = join(outputDir, "stack");
  const runDir = join(tmpdir(), `${RUN_DIR_PREFIX}${process.pid}`);
  rmSync(runDir, { recursive: true, force: true });
  mkdirSync(join(runDir, "nats"), { recursive: true });
  mkdirSync(logDir, { recursive: true });
  const statePath = join(runDir, "state.json");
  process.env[STATE_ENV] = statePath;

  buildHub(logDir);
  buildWebIfNeeded(logDir);

  const [natsPort, webPort, proxyPort, controlPort, portA, portB] = await freePorts(6);
  if (
    natsPort === undefined ||
    webPort === undefined ||
    proxyPort === undefined ||
    controlPort === undefined ||
    portA === undefined ||
    portB === undefined
  ) {
    throw new Error("could not find free ports");
  }
  const webUrl = `http://127.0.0.1:${webPort}`;
  const secret = randomBytes(32).toString("hex");
  const admin = {
    token: randomBytes(24).toString("hex"),
    password: `operator-${randomBytes(8).toString("hex")}`,
  };
  const state: StackState = {
    runDir,
    logDir,
    secret,
    admin,
    nats: {
      url: `nats://127.0.0.1:${natsPort}`,
      port: natsPort,
      storeDir: join(runDir, "nats"),
      logFile: join(logDir, "nats.log"),
    },
    hubs: {},
    processes: [],
  };
  const record = (proc: StartedProcess, label: string) => {
    state.processes.push({ pid: proc.pid, match: proc.match, label });
    writeState(state, statePath);
  };
  writeState(state, statePath);

  try {
    const proxy = await startFailoverProxy({ a: portA, b: portB }, ["a"], {
      port: proxyPort,
      controlPort,
    });
    setProxy(proxy);
    state.proxy = {
      port: proxyPort,
      wsUrl: `ws://127.0.0.1:${proxyPort}/ws`,
      controlUrl: `http://127.0.0.1:${controlPort}`,
    };
    writeState(state, statePath);
    log(`failover proxy on ${state.proxy.wsUrl} (control ${state.proxy.controlUrl})`);

    record(
      await startLoggedNatsServer(natsPort, state.nats.storeDir, state.nats.logFile),
      "nats-server",
    );
    log(`nats-server on ${state.nats.url}`);

    // One after the other: the first creates the JetStream stream, the second finds it.
    for (const [name, port] of [
      ["a", portA],
      ["b", portB],
    ] as [HubName, number][]) {
      const hub = hubRecord(name, port, state, webUrl);
      const proc = await startHubBundle(hub);
      hub.pid = proc.pid;
      state.hubs[name] = hub;
      record(proc, `hub ${name}`);
      log(`hub ${name} on ${hub.wsUrl}`);
    }

    const webLog = join(logDir, "web.log");
    const web = await startWeb(
      webPort,
      {
        NEXT_PUBLIC_HUB_URL: state.proxy.wsUrl,
        HUB_AUTH_SECRET: secret,
        PULSEBOARD_DEV_TOKENS: "1",
        // The admin page (e2e/admin.spec.ts): the operator API through the proxy, like the pages.
        PULSEBOARD_ADMIN_TOKEN: admin.token,
        PULSEBOARD_OPERATOR_PASSWORD: admin.password,
        PULSEBOARD_ADMIN_HUB_URL: `http://127.0.0.1:${proxyPort}`,
        HUB_AUTH_ISSUER: "",
        HUB_AUTH_AUDIENCE: "",
      },
      webLog,
    );
    state.web = { url: webUrl, port: webPort, hubUrl: state.proxy.wsUrl, logFile: webLog };
    record(web, "next start");
    log(`web (next start) on ${webUrl}`);
  } catch (error) {
    await stopStack(state);
    throw error;
  }
  log(`stack ready in ${((Date.now() - started) / 1000).toFixed(1)} s; logs in ${logDir}`);
}

function hubRecord(name: HubName, port: number, state: StackState, webUrl: string): HubRecord {
  const httpUrl = `http://127.0.0.1:${port}`;
  return {
    name,
    port,
    httpUrl,
    wsUrl: `ws://127.0.0.1:${port}/ws`,
    logFile: join(state.logDir, `hub-${name}.log`),
    pid: 0,
    env: {
      HUB_HOST: "127.0.0.1",
      HUB_PORT: String(port),
      NATS_URL: state.nats.url,
      HUB_AUTH: "jwt",
      HUB_AUTH_SECRET: state.secret,
      HUB_ADMIN_TOKEN: state.admin.token,
      HUB_ALLOWED_ORIGINS: webUrl,
      HUB_DEMO: "0",
      HUB_LOG_LEVEL: "info",
      // A stopped hub goes quickly; its clients come back within a second or so.
      HUB_SHUTDOWN_MS: "2000",
      HUB_RECONNECT_SPREAD_MS: "1000",
    },
  };
}

/**
 * A run that was killed (SIGKILL, a closed terminal) never ran its teardown. Its state file
 * survives in the temp directory, named after the runner's PID: once that runner is gone, stop
 * whatever it left running (each PID checked against the command it was started with).
 */
async function cleanUpAbandonedRuns(): Promise<void> {
  for (const entry of readdirSync(tmpdir())) {
    if (!entry.startsWith(RUN_DIR_PREFIX)) continue;
    const runnerPid = Number(entry.slice(RUN_DIR_PREFIX.length));
    if (!Number.isInteger(runnerPid) || (runnerPid !== process.pid && isAlive(runnerPid))) continue;
    const dir = join(tmpdir(), entry);
    const statePath = join(dir, "state.json");
    if (existsSync(statePath)) {
      try {
        const stale = readState(statePath);
        for (const proc of stale.processes) {
          await stopProcess(proc.pid, proc.match, { timeoutMs: 5_000 });
        }
      } catch {
        // An unreadable state file: nothing we can safely stop.
      }
    }
    rmSync(dir, { recursive: true, force: true });
  }
}
