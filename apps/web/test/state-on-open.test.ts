import { createServer, type Server } from "node:net";
import { decodeJwt, jwtVerify } from "jose";
import { afterEach, describe, expect, it } from "vitest";
import { DEV_VIEWER_COOKIE } from "../lib/dev-viewer";
import { hubHttpUrl } from "../lib/hub-url";
import { fetchRoomState } from "../lib/room-state";
import { SERVER_READ_TOKEN_TTL_SECONDS, serverViewerToken } from "../lib/viewer-token";

/** The server render's reads of the hub: whose token, and what happens when the hub cannot say. */

const SECRET = "a-development-secret-of-32-chars!!";
const devEnv = { NODE_ENV: "development", HUB_AUTH_SECRET: SECRET };
const cookies =
  (values: Record<string, string>) =>
  (name: string): string | undefined =>
    values[name];

describe("serverViewerToken", () => {
  it("uses the viewer's login token (cookie `token`) as it is", async () => {
    expect(await serverViewerToken(devEnv, cookies({ token: "login.jwt.value" }), ["global"])).toBe(
      "login.jwt.value",
    );
  });

  it("signs a one-minute token for this browser's development viewer and the room only", async () => {
    const now = Date.now();
    const token = await serverViewerToken(
      devEnv,
      cookies({ [DEV_VIEWER_COOKIE]: "0a1b2c3d4e5f6071" }),
      ["dashboard:7"],
      now,
    );
    if (token === undefined) throw new Error("no token");
    await jwtVerify(token, new TextEncoder().encode(SECRET), { algorithms: ["HS256"] });
    const claims = decodeJwt(token);
    expect(claims).toMatchObject({ sub: "dev:0a1b2c3d4e5f6071", rooms: ["dashboard:7"] });
    expect(claims.exp).toBe(Math.floor(now / 1000) + SERVER_READ_TOKEN_TTL_SECONDS);
  });

  it("has none where this app issues no development tokens (production, no login)", async () => {
    const production = { NODE_ENV: "production", HUB_AUTH_SECRET: SECRET };
    expect(await serverViewerToken(production, cookies({}), ["global"])).toBeUndefined();
    expect(
      await serverViewerToken({ NODE_ENV: "development" }, cookies({}), ["global"]),
    ).toBeUndefined();
  });
});

describe("fetchRoomState when the hub cannot say", () => {
  let silent: Server | undefined;
  afterEach(() => {
    silent?.close();
    silent = undefined;
  });

  it("gives up on a hub that accepts and never answers, within its timeout", async () => {
    silent = createServer(() => {}); // accepts the TCP connection, never answers
    await new Promise<void>((resolve) => silent?.listen(0, "127.0.0.1", resolve));
    const address = silent.address();
    if (address === null || typeof address === "string") throw new Error("no port");
    const outcome = await fetchRoomState({
      hubUrl: `ws://127.0.0.1:${address.port}/ws`,
      room: "global",
      token: undefined,
      timeoutMs: 300,
    });
    expect(outcome.ok).toBe(false);
  });

  it("reports a hub that is down instead of throwing", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const address = closed.address();
    if (address === null || typeof address === "string") throw new Error("no port");
    await new Promise((resolve) => closed.close(resolve));
    const outcome = await fetchRoomState({
      hubUrl: `ws://127.0.0.1:${address.port}/ws`,
      room: "global",
      token: undefined,
    });
    expect(outcome).toMatchObject({ ok: false });
  });

  it("reads next to the WebSocket endpoint", () => {
    expect(hubHttpUrl("wss://hub.example/api/v1/ws?x=1", "/api/v1/rooms/global/state")).toBe(
      "https://hub.example/api/v1/rooms/global/state",
    );
  });
});
