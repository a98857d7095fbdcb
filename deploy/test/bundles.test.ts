import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "@playwright/test";
import {
  buildWebIfNeeded,
  CHROMIUM_ARGS,
  chromiumPath,
  freePorts,
  isAlive,
  log,
  type NatsServerHandle,
  REPO_DIR,
  type StartedProcess,
  startNatsServer,
  startNodeServer,
  stopProcess,
  waitUntil,
} from "@pulseboard/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";

/**
 * deploy/build.sh builds the production bundles into an empty folder outside the workspace;
 * nats-server, the hub bundle and the web bundle then run from that folder with plain `node`
 * (no workspace, no node_modules above it), as a container would run them.
 */

const SECRET = "deploy-test-secret-0123456789-abcdefghijklmnop";
const PUBLISH_TOKEN = "deploy-test-publish-token";
const SHUTDOWN_MS = 3_000;
/** The hub's own bound past HUB_SHUTDOWN_MS: the broker's close (3 s) and 1 s (src/main.ts). */
const DRAIN_BEYOND_SHUTDOWN_MS = 4_000;

describe("production bundles built by deploy/build.sh", () => {
  const root = mkdtempSync(join(tmpdir(), "pulseboard-deploy-"));
  const out = join(root, "out");
  const logs = join(root, "logs");
  let nats: NatsServerHandle;
  let hub: StartedProcess;
  let web: StartedProcess;
  let hubUrl: string;
  let webUrl: string;

  beforeAll(async () => {
    mkdirSync(out);
    mkdirSync(logs);
    // One `next build` per test run, shared with the e2e suite (its fingerprint says whether
    // apps/web/.next already holds a build of the current sources).
    buildWebIfNeeded(logs);
    const built = spawnSync("bash", [join(REPO_DIR, "deploy/build.sh"), out, "--skip-web-build"], {
      encoding: "utf8",
    });
    if (built.status !== 0) throw new Error(`build.sh failed:\n${built.stdout}${built.stderr}`);
    log(built.stdout.trim());

    nats = await startNatsServer();
    const [hubPort, webPort] = (await freePorts(2)) as [number, number];
    hubUrl = `http://127.0.0.1:${hubPort}`;
    webUrl = `http://127.0.0.1:${webPort}`;
    const hubMain = join(out, "hub", "main.js");
    hub = await startNodeServer({
      args: [hubMain],
      cwd: join(out, "hub"),
      env: {
        HUB_HOST: "127.0.0.1",
        HUB_PORT: String(hubPort),
        NATS_URL: nats.url,
        HUB_AUTH_SECRET: SECRET,
        HUB_PUBLISH_TOKEN: PUBLISH_TOKEN,
        HUB_SHUTDOWN_MS: String(SHUTDOWN_MS),
        // info: the drain's "shutdown complete" line is read from the log.
        HUB_LOG_LEVEL: "info",
      },
      logFile: join(logs, "hub.log"),
      match: [hubMain],
      readyUrl: `${hubUrl}/readyz`,
      readyTimeoutMs: 30_000,
    });
    const server = join(out, "web", "apps", "web", "server.js");
    web = await startNodeServer({
      args: [server],
      cwd: join(out, "web", "apps", "web"),
      env: {
        NODE_ENV: "production",
        NEXT_TELEMETRY_DISABLED: "1",
        HOSTNAME: "127.0.0.1",
        PORT: String(webPort),
        NEXT_PUBLIC_HUB_URL: `ws://127.0.0.1:${hubPort}/ws`,
        HUB_AUTH_SECRET: SECRET,
        PULSEBOARD_DEV_TOKENS: "1",
      },
      logFile: join(logs, "web.log"),
      match: [server, "next-server"],
      readyUrl: `${webUrl}/api/token?rooms=global`,
      readyTimeoutMs: 60_000,
    });
  });

  afterAll(async () => {
    for (const proc of [web, hub]) {
      if (proc !== undefined) await stopProcess(proc.pid, proc.match);
    }
    await nats?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  const token = async () => {
    const answer = await (await fetch(`${webUrl}/api/token?rooms=global`)).json();
    return (answer as { token: string }).token;
  };

  /** A socket on the hub bundle, open once its rooms are subscribed. */
  const connect = async () => {
    const socket = new WebSocket(`${hubUrl.replace("http", "ws")}/ws?rooms=global`, {
      headers: { authorization: `Bearer ${await token()}` },
    });
    const frames: { type: string; data?: { title?: string } }[] = [];
    socket.on("message", (data) => frames.push(JSON.parse(String(data))));
    await new Promise<void>((resolve, reject) => {
      socket.on("message", () => {
        if (frames.some((frame) => frame.type === "subscribed")) resolve();
      });
      socket.once("error", reject);
    });
    return { socket, frames };
  };

  const publish = (title: string) =>
    fetch(`${hubUrl}/api/v1/publish`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${PUBLISH_TOKEN}` },
      body: JSON.stringify({
        room: "global",
        type: "playback",
        data: {
          id: `deploy-${title}`,
          username: "ana",
          title,
          media_type: "movie",
          platform: "Chrome",
          started_at: new Date().toISOString(),
        },
      }),
    });

  it("holds the bundles only: no node_modules for the hub, Next's server and assets for the web app", () => {
    expect(readdirSync(out).sort()).toEqual(["hub", "web"]);
    expect(existsSync(join(out, "hub", "node_modules"))).toBe(false);
    expect(existsSync(join(out, "web", "apps", "web", ".next", "static"))).toBe(true);
    // pnpm's layout, traced: a relative symlink into node_modules/.pnpm that must resolve here.
    const next = join(out, "web", "apps", "web", "node_modules", "next", "package.json");
    expect(existsSync(next)).toBe(true);
  });

  it("serves the dashboard's HTML and its static assets", async () => {
    const page = await fetch(`${webUrl}/`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("Overview");
    const script = /\/_next\/static\/[^"]+\.js/.exec(html)?.[0];
    expect(script).toBeDefined();
    expect((await fetch(`${webUrl}${script}`)).status).toBe(200);
  });

  it("delivers an event published to the hub to a WebSocket client with the web app's token", async () => {
    const { socket, frames } = await connect();
    expect((await publish("Socket Film")).status).toBe(200);
    await expect
      .poll(() => frames.find((frame) => frame.type === "playback")?.data?.title, {
        timeout: 10_000,
      })
      .toBe("Socket Film");
    socket.close();
  });

  it("shows an event published to the hub on the dashboard in a browser", async () => {
    const browser = await chromium.launch({
      executablePath: chromiumPath(),
      args: [...CHROMIUM_ARGS],
    });
    try {
      const page = await browser.newPage();
      await page.goto(`${webUrl}/`);
      await page.locator(".pb-conn").getByRole("status").filter({ hasText: "Live" }).waitFor();
      expect((await publish("Browser Film")).status).toBe(200);
      const feed = page.getByRole("log", { name: "Recent activity" });
      await feed.getByText("Browser Film").first().waitFor({ timeout: 15_000 });
    } finally {
      await browser.close();
    }
  });

  it("drains on SIGTERM, as a container stop sends it: clients get 1001, the process ends in time", async () => {
    const { socket } = await connect();
    const closed = new Promise<number>((resolve) => socket.once("close", (code) => resolve(code)));
    process.kill(hub.pid, "SIGTERM");
    expect(await closed).toBe(1001);
    await waitUntil(
      () => !isAlive(hub.pid),
      SHUTDOWN_MS + DRAIN_BEYOND_SHUTDOWN_MS,
      "the hub bundle to exit after SIGTERM",
    );
    expect(readFileSync(join(logs, "hub.log"), "utf8")).toContain("shutdown complete");
  });
});
