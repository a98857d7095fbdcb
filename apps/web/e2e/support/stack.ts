import {
  HUB_BUNDLE,
  isListening,
  isOurs,
  startHubBundle,
  stopProcess,
  waitUntil,
} from "@pulseboard/testkit";
import {
  HUB_NAMES,
  type HubName,
  type HubRecord,
  readState,
  type StackState,
  writeState,
} from "./stack-state";

/**
 * The running stack as the tests see it: URLs, the shared secret, and the few operations the
 * scenarios need (kill and restart a hub, steer the failover proxy, read a hub's metrics).
 */
export class Stack {
  private state: StackState = readState();

  get secret(): string {
    return this.state.secret;
  }

  /** What an operator types at /admin/login. */
  get operatorPassword(): string {
    return this.state.admin.password;
  }

  get adminToken(): string {
    return this.state.admin.token;
  }

  get natsUrl(): string {
    return this.state.nats.url;
  }

  get webUrl(): string {
    if (this.state.web === undefined) throw new Error("the web app was not started");
    return this.state.web.url;
  }

  get logFiles(): Record<string, string> {
    const files: Record<string, string> = { nats: this.state.nats.logFile };
    for (const hub of Object.values(this.state.hubs)) files[`hub-${hub.name}`] = hub.logFile;
    if (this.state.web !== undefined) files.web = this.state.web.logFile;
    return files;
  }

  hub(name: HubName): HubRecord {
    const hub = this.state.hubs[name];
    if (hub === undefined) throw new Error(`hub ${name} was not started`);
    return hub;
  }

  async isHubUp(name: HubName): Promise<boolean> {
    const hub = this.hub(name);
    return isOurs(hub.pid, [HUB_BUNDLE]) && (await isListening(hub.port));
  }

  /** Kills the hub process (SIGKILL: a crash; SIGTERM: a graceful stop) and waits until it is gone. */
  async killHub(name: HubName, signal: NodeJS.Signals = "SIGKILL"): Promise<void> {
    const hub = this.hub(name);
    await stopProcess(hub.pid, [HUB_BUNDLE], { signal, timeoutMs: 10_000 });
    await waitUntil(async () => !(await isListening(hub.port)), 10_000, `hub ${name} to close`);
  }

  /** Starts the hub again on its port with its settings; resolves once it is ready. */
  async startHub(name: HubName): Promise<void> {
    const hub = this.hub(name);
    const proc = await startHubBundle(hub);
    // Record it at once: the teardown must stop it even if this worker dies.
    const state = readState();
    const record = state.hubs[name];
    if (record !== undefined) record.pid = proc.pid;
    state.processes.push({ pid: proc.pid, match: proc.match, label: `hub ${name} (restarted)` });
    writeState(state);
    this.state = state;
  }

  /** Brings back any hub a test left stopped. */
  async ensureHubsUp(): Promise<void> {
    for (const name of HUB_NAMES) {
      if (!(await this.isHubUp(name))) {
        const hub = this.hub(name);
        await stopProcess(hub.pid, [HUB_BUNDLE], { timeoutMs: 5_000 });
        await this.startHub(name);
      }
    }
  }

  /** Which hubs new dashboard connections go to, in order of preference (see failover-proxy.ts). */
  async setProxyOrder(order: readonly HubName[]): Promise<void> {
    const proxy = this.state.proxy;
    if (proxy === undefined) throw new Error("the proxy was not started");
    const response = await fetch(`${proxy.controlUrl}/order?hubs=${order.join(",")}`, {
      method: "PUT",
    });
    if (!response.ok) throw new Error(`proxy control: HTTP ${response.status}`);
  }

  /** `pulseboard_connections` of a hub: its open WebSocket connections. */
  async hubConnections(name: HubName): Promise<number> {
    const response = await fetch(`${this.hub(name).httpUrl}/metrics`);
    const text = await response.text();
    const match = /^pulseboard_connections (\d+)/m.exec(text);
    if (match?.[1] === undefined)
      throw new Error(`no pulseboard_connections in hub ${name}'s metrics`);
    return Number(match[1]);
  }
}
