import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  freePort,
  type HubProcess,
  type NatsServerHandle,
  REPO_DIR,
  type StartedProcess,
  spawnHub,
  spawnLogged,
  startNatsServer,
  stopProcess,
  waitForHttpOk,
} from "@pulseboard/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";

/**
 * deploy/prometheus: the rules pass `promtool check` and their unit tests, and a real
 * Prometheus (Debian's `prometheus` package, scripts/ensure-prometheus.sh) scrapes two real
 * hubs on one nats-server with those rules loaded, answering queries over its HTTP API.
 */

const RULES = join(REPO_DIR, "deploy", "prometheus", "rules.yml");
const promtool = process.env.PROMTOOL_BIN ?? "promtool";
const prometheus = process.env.PROMETHEUS_BIN ?? "prometheus";

function run(command: string, args: string[]): { status: number | null; output: string } {
  const result = spawnSync(command, args, { encoding: "utf8", cwd: REPO_DIR });
  if (result.error) throw new Error(`${command}: ${result.error.message}`);
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe("alerting rules", () => {
  it("pass promtool check rules", () => {
    const { status, output } = run(promtool, ["check", "rules", RULES]);
    expect(output).toContain("SUCCESS");
    expect(status).toBe(0);
  });

  it("pass their unit tests (promtool test rules)", () => {
    const tests = join(REPO_DIR, "deploy", "prometheus", "rules.test.yml");
    const { status, output } = run(promtool, ["test", "rules", tests]);
    expect(output, output).toContain("SUCCESS");
    expect(status).toBe(0);
  });

  it("and the compose stack's Prometheus configuration passes promtool check config", () => {
    const config = join(REPO_DIR, "deploy", "prometheus", "prometheus.yml");
    const { status, output } = run(promtool, ["check", "config", "--syntax-only", config]);
    expect(status, output).toBe(0);
  });
});

interface QueryAnswer {
  status: string;
  data: {
    resultType: string;
    result: { metric: Record<string, string>; value: [number, string] }[];
  };
}

describe("a real Prometheus scraping two hubs", () => {
  const root = mkdtempSync(join(tmpdir(), "pulseboard-prometheus-"));
  let nats: NatsServerHandle;
  const hubs: HubProcess[] = [];
  let server: StartedProcess;
  let api: string;
  const sockets: WebSocket[] = [];

  beforeAll(async () => {
    nats = await startNatsServer();
    hubs.push(
      ...(await Promise.all([
        spawnHub({ NATS_URL: nats.url, HUB_LOG_LEVEL: "warn" }),
        spawnHub({ NATS_URL: nats.url, HUB_LOG_LEVEL: "warn" }),
      ])),
    );
    const targets = hubs.map((hub) => hub.url.replace("http://", ""));
    const config = join(root, "prometheus.yml");
    writeFileSync(
      config,
      JSON.stringify({
        global: { scrape_interval: "1s", evaluation_interval: "1s" },
        rule_files: [RULES],
        scrape_configs: [{ job_name: "pulseboard-hub", static_configs: [{ targets }] }],
      }),
    );
    const port = await freePort();
    api = `http://127.0.0.1:${port}`;
    const logFile = join(root, "prometheus.log");
    server = spawnLogged(
      prometheus,
      [
        `--config.file=${config}`,
        `--storage.tsdb.path=${join(root, "data")}`,
        `--web.listen-address=127.0.0.1:${port}`,
      ],
      { cwd: root, env: process.env, logFile, match: [config] },
    );
    await waitForHttpOk(`${api}/-/ready`, server, logFile, 30_000);
  });

  afterAll(async () => {
    for (const socket of sockets) socket.close();
    if (server !== undefined) await stopProcess(server.pid, server.match);
    for (const hub of hubs) {
      hub.kill();
      await hub.exited;
    }
    await nats?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  const query = async (promql: string) => {
    const response = await fetch(`${api}/api/v1/query?query=${encodeURIComponent(promql)}`);
    const answer = (await response.json()) as QueryAnswer;
    expect(answer.status).toBe("success");
    return answer.data.result;
  };
  /** The single value `promql` evaluates to, or undefined while it has none. */
  const scalar = async (promql: string) => {
    const [first] = await query(promql);
    return first === undefined ? undefined : Number(first.value[1]);
  };

  it("scrapes both hubs", async () => {
    await expect
      .poll(() => scalar('count(up{job="pulseboard-hub"} == 1)'), { timeout: 30_000 })
      .toBe(2);
  });

  it("sums the connections of both hubs in the recording rule", async () => {
    const open = async (hub: HubProcess) => {
      const socket = new WebSocket(hub.wsUrl);
      sockets.push(socket);
      await new Promise<void>((resolve, reject) => {
        socket.once("open", () => resolve());
        socket.once("error", reject);
      });
    };
    const [a, b] = hubs as [HubProcess, HubProcess];
    await Promise.all([open(a), open(a), open(a), open(b), open(b)]);
    await expect.poll(() => scalar("pulseboard:connections:sum"), { timeout: 30_000 }).toBe(5);
    const perHub = await query("pulseboard_connections");
    expect(perHub.map((sample) => Number(sample.value[1])).sort()).toEqual([2, 3]);
    expect(await scalar("max(pulseboard_connections_limit)")).toBe(10_000);
  });

  it("loads the alerting rules, evaluates them, and fires none on healthy hubs", async () => {
    const alertRules = async () => {
      const response = await fetch(`${api}/api/v1/rules?type=alert`);
      const { data } = (await response.json()) as {
        data: { groups: { rules: { name: string; health: string; state: string }[] }[] };
      };
      return data.groups.flatMap((group) => group.rules);
    };
    const rules = await alertRules();
    expect(rules.map((rule) => rule.name)).toContain("PulseboardHubNotReady");
    expect(rules.length).toBe(7);
    // Each rule is "unknown" until its first evaluation, then "ok" (or "err" if it failed).
    await expect
      .poll(async () => (await alertRules()).every((rule) => rule.health === "ok"), {
        timeout: 30_000,
      })
      .toBe(true);
    expect((await alertRules()).filter((rule) => rule.state !== "inactive")).toEqual([]);
  });
});
