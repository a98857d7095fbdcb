import { availableParallelism } from "node:os";
import { isValidRoom, MAX_ROOMS_PER_REQUEST, MIN_HS256_SECRET_LENGTH } from "@pulseboard/protocol";
import { z } from "zod";
import type { UpstreamSetting } from "./broker/nats/layout.js";
import { DEFAULT_PLAYBACK_SUBJECT, isSubjectFilter } from "./broker/nats/subjects.js";

/**
 * Hub configuration from environment variables, validated once at start. Every variable is
 * documented in apps/hub/README.md; a bad value stops the process with a message naming it.
 */

const integer = (min: number, max = Number.MAX_SAFE_INTEGER) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, "expected a whole number")
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));

const boolean = z
  .string()
  .trim()
  .toLowerCase()
  .refine((value) => ["1", "0", "true", "false", "yes", "no", "on", "off", ""].includes(value), {
    message: "expected one of 1/0, true/false, yes/no, on/off",
  })
  .transform((value) => ["1", "true", "yes", "on"].includes(value));

const roomList = z
  .string()
  .transform((value) =>
    value
      .split(",")
      .map((room) => room.trim())
      .filter((room) => room.length > 0),
  )
  .refine((rooms) => rooms.every(isValidRoom), {
    message: "every room must match ^[A-Za-z0-9_:-]{1,64}$",
  })
  .refine((rooms) => rooms.length <= MAX_ROOMS_PER_REQUEST, {
    message: `at most ${MAX_ROOMS_PER_REQUEST} rooms`,
  });

/** `auto` (one per core) or a number of hub processes sharing the port (src/cluster/). */
const MAX_WORKERS = 256;
const workerCount = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^(auto|\d+)$/, "auto, or a whole number of processes")
  .transform((value) => (value === "auto" ? ("auto" as const) : Number(value)))
  .refine((value) => value === "auto" || (value >= 1 && value <= MAX_WORKERS), {
    message: `auto, or 1 to ${MAX_WORKERS} processes`,
  });

const optionalText = z
  .string()
  .trim()
  .transform((value) => (value === "" ? undefined : value))
  .optional();

/**
 * Every variable the hub reads. Exported for test/config-docs.test.ts, which keeps the README's
 * configuration table and this app's turbo.json in agreement with it.
 */
export const envSchema = z.object({
  HUB_HOST: z.string().trim().min(1).default("127.0.0.1"),
  HUB_PORT: integer(0, 65_535).default(8080),
  HUB_WORKERS: workerCount.default(1),
  NATS_URL: optionalText,
  HUB_NATS_STREAM: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/, "letters, digits, _ and -")
    .default("PULSE"),
  HUB_NATS_MAX_AGE_MS: integer(0).default(24 * 60 * 60 * 1000),
  HUB_NATS_MAX_BYTES: integer(0).default(1024 * 1024 * 1024),
  HUB_NATS_REPLICAS: integer(1, 5).default(1),
  HUB_NATS_PLAYBACK_SUBJECT: z
    .string()
    .trim()
    .refine(isSubjectFilter, "a NATS subject filter such as playback.> or media.*.playback")
    .default(DEFAULT_PLAYBACK_SUBJECT),
  HUB_NATS_UPSTREAM_STREAM: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_-]+$/, "auto, none, or a stream name (letters, digits, _ and -)")
    .default("auto"),
  HUB_NATS_UPSTREAM_HISTORY_MS: integer(0).default(0),
  HUB_DEFAULT_ROOMS: roomList.default(["global"]),
  HUB_QUEUE_SIZE: integer(1).default(256),
  HUB_QUEUE_BYTES: integer(1024).default(1024 * 1024),
  HUB_MAX_PAYLOAD: integer(128).default(64 * 1024),
  HUB_HEARTBEAT_MS: integer(100).default(30_000),
  HUB_SHUTDOWN_MS: integer(0).default(10_000),
  HUB_RECONNECT_SPREAD_MS: integer(0).default(5_000),
  HUB_MEMORY_RETENTION: integer(1).default(10_000),
  HUB_REPLAY_LIMIT: integer(1).default(10_000),
  HUB_CATCHUP_CONCURRENCY: integer(1, 1_000).default(8),
  HUB_RECENT_EVENTS: integer(0, 1_000_000).default(10_000),
  HUB_RECENT_EVENTS_BYTES: integer(0).default(64 * 1024 * 1024),
  HUB_HISTORY_LIMIT: integer(0, 100_000).default(500),
  HUB_PUBLISH_TOKEN: optionalText,
  HUB_ADMIN_TOKEN: optionalText,
  HUB_ADMIN_WAIT_MS: integer(50, 30_000).default(1_000),
  HUB_REVOKE_MAX_S: integer(60).default(86_400),
  HUB_DEMO: boolean.default(false),
  HUB_DEMO_RATE: integer(1, 10_000).default(2),
  HUB_DEMO_ROOMS: roomList.optional(),
  HUB_AUTH: z.enum(["none", "jwt"]).optional(),
  HUB_AUTH_SECRET: z
    .string()
    .min(
      MIN_HS256_SECRET_LENGTH,
      `use at least ${MIN_HS256_SECRET_LENGTH} characters (256 bits) for an HS256 secret`,
    )
    .optional(),
  HUB_JWKS: optionalText,
  HUB_AUTH_ISSUER: optionalText,
  HUB_AUTH_AUDIENCE: optionalText,
  HUB_AUTH_LEEWAY_S: integer(0, 3600).default(5),
  HUB_AUTH_REQUIRE_EXP: boolean.default(true),
  HUB_ALLOWED_ORIGINS: z
    .string()
    .transform((value) =>
      value
        .split(",")
        .map((origin) => origin.trim())
        .filter((origin) => origin !== ""),
    )
    .optional(),
  HUB_TRUST_PROXY: boolean.default(false),
  HUB_MAX_CONNECTIONS: integer(1).default(10_000),
  HUB_MAX_CONNECTIONS_PER_IP: integer(1).default(100),
  HUB_HEADER_TIMEOUT_MS: integer(100, 600_000).default(5_000),
  HUB_MAX_PENDING_CONNECTIONS: integer(1).default(1_000),
  HUB_MAX_PENDING_PER_IP: integer(1).default(100),
  HUB_RATE_LIMIT: integer(1).default(20),
  HUB_RATE_BURST: integer(1).default(40),
  HUB_MAX_ROOMS_PER_CONNECTION: integer(1).default(100),
  HUB_PRESENCE_HEARTBEAT_MS: integer(100, 60_000).default(4_000),
  HUB_INDICATOR_RATE: integer(1).default(5),
  HUB_INDICATOR_BURST: integer(1).default(10),
  HUB_TESTING_API: boolean.default(false),
  HUB_LOG_LEVEL: z
    .enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"])
    .default("info"),
});

export interface HubConfig {
  host: string;
  port: number;
  /** Hub processes sharing the port (`auto`: one per core); more than 1 needs NATS. */
  workers: number;
  /** Unset: the embedded in-memory broker. */
  natsUrl: string | undefined;
  nats: {
    stream: string;
    maxAgeMs: number;
    maxBytes: number;
    replicas: number;
    playbackSubject: string;
    upstream: UpstreamSetting;
    upstreamHistoryMs: number;
  };
  defaultRooms: string[];
  /** One connection's bounds, as the hub takes them (HubOptions.connection). */
  connection: ConnectionSettings;
  maxPayload: number;
  heartbeatMs: number;
  shutdownMs: number;
  reconnectSpreadMs: number;
  memoryRetention: number;
  /** How connections catch up, as the hub takes it (HubOptions.catchUp). */
  catchUp: CatchUpSettings;
  publishToken: string | undefined;
  /** Operator API: its Bearer token (unset: off) and the wait for other hubs' answers. */
  admin: { token: string | undefined; waitMs: number; revokeMaxSeconds: number };
  demo: { enabled: boolean; rate: number; rooms: string[] };
  auth: {
    mode: "none" | "jwt";
    secret: string | undefined;
    jwks: string | undefined;
    issuer: string | undefined;
    audience: string | undefined;
    leewaySeconds: number;
    /** Refuse tokens without `exp` (on: a token must expire; off: long-lived service tokens). */
    requireExp: boolean;
  };
  /** Exact `Origin` values browsers may connect from; undefined: any origin. */
  allowedOrigins: string[] | undefined;
  /** Take the client address from X-Forwarded-For (behind a trusted proxy). */
  trustProxy: boolean;
  limits: {
    maxConnections: number;
    maxConnectionsPerIp: number;
    /** Longest a connection may take to send its request headers (Node's headersTimeout). */
    headerTimeoutMs: number;
    /** Connections not yet upgraded (or plain HTTP ones), in total and per peer address. */
    maxPendingConnections: number;
    maxPendingPerIp: number;
  };
  presence: {
    /** Presence state report interval; a hub silent for 3 of them is taken for dead. */
    heartbeatMs: number;
    indicatorRate: { perSecond: number; burst: number };
  };
  logLevel: z.infer<typeof envSchema>["HUB_LOG_LEVEL"];
  /** `/api/v1/testing/*` for tests that run the hub as a process; never in production. */
  testingApi: boolean;
}

/** HUB_QUEUE_*, HUB_RATE_*, HUB_MAX_ROOMS_PER_CONNECTION. */
export interface ConnectionSettings {
  /** Outbound backlog before a connection is a slow consumer (closed with 4008). */
  backlog: { maxMessages: number; maxBytes: number };
  /** Inbound token bucket: work per second and burst (inbound.ts prices each message). */
  rate: { perSecond: number; burst: number };
  maxRooms: number;
}

/** HUB_REPLAY_LIMIT, HUB_CATCHUP_CONCURRENCY, HUB_RECENT_EVENTS(_BYTES), HUB_HISTORY_LIMIT. */
export interface CatchUpSettings {
  /** Most events one replay may send before the hub answers `reset` instead. */
  replayLimit: number;
  /** Most catch-ups that read the stream (resumes) running at once; the rest queue FIFO. */
  concurrency: number;
  /** Last events (every room) the hub keeps to serve resumes from memory; 0: off. */
  recentEvents: number;
  /** ... and at most this many characters of their `data` JSON. */
  recentEventsBytes: number;
  /** Most newest events per room a subscription (`history`) or `/state` may start with. */
  historyLimit: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

/** Reads the hub's configuration; throws ConfigError naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): HubConfig {
  // Empty strings mean "unset" so `HUB_PORT= pnpm start` falls back to the default.
  const present = Object.fromEntries(
    Object.entries(env)
      .filter(([key]) => key.startsWith("HUB_") || key === "NATS_URL")
      .filter(([, value]) => value !== undefined && value.trim() !== ""),
  );
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const name = String(issue.path[0] ?? "environment");
        const value = present[name];
        return `${name}: ${issue.message}${value === undefined ? "" : ` (got ${JSON.stringify(value)})`}`;
      }),
    );
  }
  const e = parsed.data;
  const auth = resolveAuthMode(e.HUB_AUTH, e.HUB_AUTH_SECRET, e.HUB_JWKS);
  return {
    host: e.HUB_HOST,
    port: e.HUB_PORT,
    workers: resolveWorkers(e.HUB_WORKERS, e.NATS_URL),
    natsUrl: e.NATS_URL,
    nats: {
      stream: e.HUB_NATS_STREAM,
      maxAgeMs: e.HUB_NATS_MAX_AGE_MS,
      maxBytes: e.HUB_NATS_MAX_BYTES,
      replicas: e.HUB_NATS_REPLICAS,
      playbackSubject: e.HUB_NATS_PLAYBACK_SUBJECT,
      upstream: upstreamSetting(e.HUB_NATS_UPSTREAM_STREAM),
      upstreamHistoryMs: e.HUB_NATS_UPSTREAM_HISTORY_MS,
    },
    defaultRooms: e.HUB_DEFAULT_ROOMS,
    connection: {
      backlog: { maxMessages: e.HUB_QUEUE_SIZE, maxBytes: e.HUB_QUEUE_BYTES },
      rate: { perSecond: e.HUB_RATE_LIMIT, burst: e.HUB_RATE_BURST },
      maxRooms: e.HUB_MAX_ROOMS_PER_CONNECTION,
    },
    maxPayload: e.HUB_MAX_PAYLOAD,
    heartbeatMs: e.HUB_HEARTBEAT_MS,
    shutdownMs: e.HUB_SHUTDOWN_MS,
    reconnectSpreadMs: e.HUB_RECONNECT_SPREAD_MS,
    memoryRetention: e.HUB_MEMORY_RETENTION,
    catchUp: {
      replayLimit: e.HUB_REPLAY_LIMIT,
      concurrency: e.HUB_CATCHUP_CONCURRENCY,
      // The embedded broker replays from memory already: a second copy would gain nothing.
      recentEvents: e.NATS_URL === undefined ? 0 : e.HUB_RECENT_EVENTS,
      recentEventsBytes: e.HUB_RECENT_EVENTS_BYTES,
      historyLimit: e.HUB_HISTORY_LIMIT,
    },
    publishToken: e.HUB_PUBLISH_TOKEN,
    admin: {
      token: e.HUB_ADMIN_TOKEN,
      waitMs: e.HUB_ADMIN_WAIT_MS,
      revokeMaxSeconds: e.HUB_REVOKE_MAX_S,
    },
    demo: {
      enabled: e.HUB_DEMO,
      rate: e.HUB_DEMO_RATE,
      rooms: e.HUB_DEMO_ROOMS?.length ? e.HUB_DEMO_ROOMS : e.HUB_DEFAULT_ROOMS,
    },
    auth: {
      mode: auth,
      secret: e.HUB_AUTH_SECRET,
      jwks: e.HUB_JWKS,
      issuer: e.HUB_AUTH_ISSUER,
      audience: e.HUB_AUTH_AUDIENCE,
      leewaySeconds: e.HUB_AUTH_LEEWAY_S,
      requireExp: e.HUB_AUTH_REQUIRE_EXP,
    },
    allowedOrigins: e.HUB_ALLOWED_ORIGINS?.length ? e.HUB_ALLOWED_ORIGINS : undefined,
    trustProxy: e.HUB_TRUST_PROXY,
    limits: {
      maxConnections: e.HUB_MAX_CONNECTIONS,
      maxConnectionsPerIp: e.HUB_MAX_CONNECTIONS_PER_IP,
      headerTimeoutMs: e.HUB_HEADER_TIMEOUT_MS,
      maxPendingConnections: e.HUB_MAX_PENDING_CONNECTIONS,
      maxPendingPerIp: e.HUB_MAX_PENDING_PER_IP,
    },
    presence: {
      heartbeatMs: e.HUB_PRESENCE_HEARTBEAT_MS,
      indicatorRate: { perSecond: e.HUB_INDICATOR_RATE, burst: e.HUB_INDICATOR_BURST },
    },
    logLevel: e.HUB_LOG_LEVEL,
    testingApi: e.HUB_TESTING_API,
  };
}

/**
 * Authentication is on unless explicitly turned off: a hub that forgot its secret must not
 * silently serve every room to everyone.
 */
function resolveAuthMode(
  mode: "none" | "jwt" | undefined,
  secret: string | undefined,
  jwks: string | undefined,
): "none" | "jwt" {
  if (mode === "none") return "none";
  if (secret !== undefined && jwks !== undefined) {
    throw new ConfigError(["HUB_AUTH_SECRET and HUB_JWKS: set one of them, not both"]);
  }
  if (secret === undefined && jwks === undefined) {
    throw new ConfigError([
      "HUB_AUTH: authentication needs HUB_AUTH_SECRET (HS256) or HUB_JWKS (URL or file); " +
        "set HUB_AUTH=none to run without authentication (every client reads every room)",
    ]);
  }
  return "jwt";
}

/**
 * Several workers need NATS: each worker is a hub of its own, and the embedded broker lives in
 * one process, so every worker would have its own stream, sequence numbers and presence — a
 * client resuming on another worker would get another history. `auto` is refused too, so the
 * answer does not depend on the machine's core count.
 */
function resolveWorkers(setting: number | "auto", natsUrl: string | undefined): number {
  if (setting !== 1 && natsUrl === undefined) {
    throw new ConfigError([
      `HUB_WORKERS: ${setting} workers need NATS_URL: the embedded broker lives inside one ` +
        "process, so each worker would have its own stream and history (resume, presence and " +
        "operator actions would not reach across them); set NATS_URL or HUB_WORKERS=1",
    ]);
  }
  return setting === "auto" ? availableParallelism() : setting;
}

function upstreamSetting(value: string): UpstreamSetting {
  if (value === "auto" || value === "none") return { kind: value };
  return { kind: "named", stream: value };
}
