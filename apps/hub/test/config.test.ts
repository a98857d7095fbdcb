import { availableParallelism } from "node:os";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../src/config.js";

describe("loadConfig", () => {
  it("uses the documented defaults when nothing is set", () => {
    const config = loadConfig({ HUB_AUTH: "none" });
    expect(config).toMatchObject({
      host: "127.0.0.1",
      port: 8080,
      natsUrl: undefined,
      defaultRooms: ["global"],
      connection: {
        backlog: { maxMessages: 256, maxBytes: 1024 * 1024 },
        rate: { perSecond: 20, burst: 40 },
        maxRooms: 100,
      },
      // Without NATS the embedded broker replays from memory: no second copy.
      catchUp: {
        replayLimit: 10_000,
        concurrency: 8,
        recentEvents: 0,
        historyLimit: 500,
      },
      maxPayload: 64 * 1024,
      heartbeatMs: 30_000,
      shutdownMs: 10_000,
      publishToken: undefined,
      demo: { enabled: false },
    });
  });

  it("reads every variable", () => {
    const config = loadConfig({
      HUB_HOST: "0.0.0.0",
      HUB_PORT: "9000",
      NATS_URL: "nats://127.0.0.1:4222",
      HUB_DEFAULT_ROOMS: "global, dashboard:1",
      HUB_QUEUE_SIZE: "10",
      HUB_QUEUE_BYTES: "2048",
      HUB_RATE_LIMIT: "7",
      HUB_RECENT_EVENTS: "300",
      HUB_HISTORY_LIMIT: "50",
      HUB_MAX_PAYLOAD: "1024",
      HUB_HEARTBEAT_MS: "1000",
      HUB_SHUTDOWN_MS: "500",
      HUB_PUBLISH_TOKEN: "secret",
      HUB_DEMO: "yes",
      HUB_AUTH_SECRET: "a-secret-of-at-least-thirty-two-characters",
      HUB_ALLOWED_ORIGINS: "https://a.example, https://b.example",
      HUB_MAX_CONNECTIONS_PER_IP: "3",
    });
    expect(config).toMatchObject({
      host: "0.0.0.0",
      port: 9000,
      natsUrl: "nats://127.0.0.1:4222",
      defaultRooms: ["global", "dashboard:1"],
      connection: { backlog: { maxMessages: 10, maxBytes: 2048 }, rate: { perSecond: 7 } },
      catchUp: { recentEvents: 300, historyLimit: 50 },
      maxPayload: 1024,
      heartbeatMs: 1000,
      shutdownMs: 500,
      publishToken: "secret",
      demo: { enabled: true },
      auth: { mode: "jwt", leewaySeconds: 5 },
      allowedOrigins: ["https://a.example", "https://b.example"],
      limits: { maxConnectionsPerIp: 3 },
    });
  });

  it("treats empty values as unset", () => {
    expect(loadConfig({ HUB_AUTH: "none", HUB_PORT: "", NATS_URL: "  " })).toMatchObject({
      port: 8080,
      natsUrl: undefined,
    });
  });

  it.each([
    ["HUB_PORT", "eighty"],
    ["HUB_PORT", "70000"],
    ["HUB_QUEUE_SIZE", "0"],
    ["HUB_QUEUE_SIZE", "-5"],
    ["HUB_HEARTBEAT_MS", "1.5"],
    ["HUB_DEFAULT_ROOMS", "global,not a room"],
    ["HUB_DEMO", "maybe"],
    ["HUB_LOG_LEVEL", "loud"],
    ["HUB_WORKERS", "0"],
    ["HUB_WORKERS", "many"],
  ])("names %s when it is %j", (name, value) => {
    const attempt = () => loadConfig({ HUB_AUTH: "none", [name]: value });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(new RegExp(`${name}: .*\\(got "${value}"\\)`));
  });

  it("reports every bad variable at once", () => {
    try {
      loadConfig({ HUB_AUTH: "none", HUB_PORT: "x", HUB_QUEUE_SIZE: "y" });
      expect.unreachable();
    } catch (error) {
      expect((error as ConfigError).problems).toHaveLength(2);
    }
  });

  it("refuses to run without authentication unless HUB_AUTH=none says so", () => {
    expect(() => loadConfig({})).toThrow(/HUB_AUTH_SECRET.*HUB_JWKS.*HUB_AUTH=none/);
    expect(loadConfig({ HUB_AUTH: "none" }).auth.mode).toBe("none");
    expect(loadConfig({ HUB_JWKS: "https://issuer.example/jwks.json" }).auth.mode).toBe("jwt");
  });

  it("runs one worker by default, one per core with auto, several only with NATS", () => {
    const nats = { HUB_AUTH: "none", NATS_URL: "nats://127.0.0.1:4222" };
    expect(loadConfig({ HUB_AUTH: "none" }).workers).toBe(1);
    expect(loadConfig({ ...nats, HUB_WORKERS: "3" }).workers).toBe(3);
    expect(loadConfig({ ...nats, HUB_WORKERS: "AUTO" }).workers).toBe(availableParallelism());
    expect(loadConfig({ HUB_AUTH: "none", HUB_WORKERS: "1" }).workers).toBe(1);
    expect(() => loadConfig({ HUB_AUTH: "none", HUB_WORKERS: "2" })).toThrow(
      /HUB_WORKERS: 2 workers need NATS_URL/,
    );
  });

  it("refuses a short HS256 secret and a secret together with a JWKS", () => {
    expect(() => loadConfig({ HUB_AUTH_SECRET: "short" })).toThrow(
      /HUB_AUTH_SECRET: use at least 32/,
    );
    expect(() =>
      loadConfig({ HUB_AUTH_SECRET: "x".repeat(32), HUB_JWKS: "/etc/keys.json" }),
    ).toThrow(/not both/);
  });
});
