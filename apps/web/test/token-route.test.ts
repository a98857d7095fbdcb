import {
  decodeTokenClaims,
  issuedTokenClaimsSchema,
  MIN_HS256_SECRET_LENGTH,
} from "@pulseboard/protocol";
import { decodeJwt, jwtVerify } from "jose";
import { afterEach, describe, expect, it, vi } from "vitest";
import { GET } from "../app/api/token/route";
import { DEV_TOKEN_TTL_SECONDS } from "../lib/dev-token";
import { devTokensEnabled, devTokensWarning } from "../lib/dev-token-switch";
import { DEV_VIEWER_COOKIE } from "../lib/dev-viewer";
import { handleTokenRequest, parseRooms } from "../lib/token-endpoint";

const SECRET = "a-development-secret-of-32-chars!!";
const key = new TextEncoder().encode(SECRET);

function request(query = "", cookie?: string): Request {
  return new Request(`http://127.0.0.1:3000/api/token${query}`, {
    headers: cookie === undefined ? {} : { cookie },
  });
}

describe("GET /api/token", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it("issues a short-lived HS256 token for the requested rooms outside production", async () => {
    vi.stubEnv("NODE_ENV", "development");
    vi.stubEnv("HUB_AUTH_SECRET", SECRET);
    const before = Math.floor(Date.now() / 1000);
    const response = await GET(request("?rooms=global,dashboard:42"));
    const after = Math.ceil(Date.now() / 1000);
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const body = (await response.json()) as { token: string; exp: number; rooms: string[] };
    expect(body.rooms).toEqual(["global", "dashboard:42"]);

    // Verified the way the hub verifies it: HS256 only, same secret.
    const { payload, protectedHeader } = await jwtVerify(body.token, key, {
      algorithms: ["HS256"],
    });
    expect(protectedHeader.alg).toBe("HS256");
    expect(payload.sub).toMatch(/^dev:[0-9a-f]{16}$/);
    expect(payload.name).toMatch(/^[A-Z][a-z]+ [A-Z][a-z]+$/);
    expect(payload.rooms).toEqual(["global", "dashboard:42"]);
    // Indicators may go to the rooms the token reads, no further.
    expect(payload.publish).toEqual(["global", "dashboard:42"]);
    expect(payload.exp).toBe(body.exp);
    // Signed between `before` and `after`, however long that took.
    expect(body.exp).toBeGreaterThanOrEqual(before + DEV_TOKEN_TTL_SECONDS);
    expect(body.exp).toBeLessThanOrEqual(after + DEV_TOKEN_TTL_SECONDS);
  });

  it("signs the protocol's claims, which the hub reads back unchanged", async () => {
    const response = await handleTokenRequest(
      request("?rooms=global,dashboard:7"),
      { NODE_ENV: "development", HUB_AUTH_SECRET: SECRET },
      () => 1_800_000_000_000,
    );
    const payload = decodeJwt(((await response.json()) as { token: string }).token);
    // What an issuer must sign (sub and exp included: the hub requires exp by default)...
    const issued = issuedTokenClaimsSchema.parse(payload);
    // ...and what the hub's verifier makes of it.
    const read = decodeTokenClaims(payload);
    expect(read).toEqual({ ok: true, value: issued });
    expect(issued).toMatchObject({
      exp: 1_800_000_000 + DEV_TOKEN_TTL_SECONDS,
      rooms: ["global", "dashboard:7"],
      publish: ["global", "dashboard:7"],
    });
  });

  it("signs with a secret of the protocol's minimum length, not one character less", async () => {
    const env = (secret: string) => ({ NODE_ENV: "development", HUB_AUTH_SECRET: secret });
    const shortest = "s".repeat(MIN_HS256_SECRET_LENGTH);
    expect((await handleTokenRequest(request(), env(shortest))).status).toBe(200);
    const short = await handleTokenRequest(request(), env(shortest.slice(1)));
    expect(short.status).toBe(500);
    expect(await short.json()).toMatchObject({ error: "bad_secret" });
  });

  it("gives a browser one identity: set once in a cookie, kept in every later token", async () => {
    vi.stubEnv("NODE_ENV", "development");
    vi.stubEnv("HUB_AUTH_SECRET", SECRET);
    const first = await GET(request("?rooms=global"));
    const setCookie = first.headers.get("set-cookie") ?? "";
    expect(setCookie).toMatch(new RegExp(`^${DEV_VIEWER_COOKIE}=[0-9a-f]{16};`));
    expect(setCookie).toContain("HttpOnly");
    const cookie = setCookie.split(";")[0] ?? "";
    const firstClaims = decodeJwt(((await first.json()) as { token: string }).token);

    const again = await GET(request("?rooms=dashboard:1", `theme=dark; ${cookie}`));
    expect(again.headers.get("set-cookie")).toBeNull();
    const againClaims = decodeJwt(((await again.json()) as { token: string }).token);
    expect(againClaims.sub).toBe(firstClaims.sub);
    expect(againClaims.name).toBe(firstClaims.name);

    // A cookie that is not one of ours is replaced, not trusted.
    const forged = await GET(request("?rooms=global", `${DEV_VIEWER_COOKIE}=../admin`));
    expect(forged.headers.get("set-cookie")).toMatch(
      new RegExp(`^${DEV_VIEWER_COOKIE}=[0-9a-f]{16};`),
    );
    const forgedClaims = decodeJwt(((await forged.json()) as { token: string }).token);
    expect(forgedClaims.sub).not.toBe("dev:../admin");
  });

  it("defaults to the global room", async () => {
    vi.stubEnv("NODE_ENV", "development");
    vi.stubEnv("HUB_AUTH_SECRET", SECRET);
    const body = (await (await GET(request())).json()) as { token: string };
    expect(decodeJwt(body.token).rooms).toEqual(["global"]);
  });

  it("is off in production", async () => {
    vi.stubEnv("NODE_ENV", "production");
    vi.stubEnv("HUB_AUTH_SECRET", SECRET);
    const response = await GET(request("?rooms=global"));
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: "dev_tokens_disabled" });
  });

  it("is off where NODE_ENV is not development or test, e.g. unset", async () => {
    vi.stubEnv("NODE_ENV", "");
    vi.stubEnv("HUB_AUTH_SECRET", SECRET);
    const response = await GET(request("?rooms=global"));
    expect(response.status).toBe(404);
  });

  it("issues nothing without a secret, and refuses a secret the hub would refuse", async () => {
    vi.stubEnv("NODE_ENV", "development");
    vi.stubEnv("HUB_AUTH_SECRET", "");
    const none = await GET(request());
    expect(none.status).toBe(200);
    expect(await none.json()).toMatchObject({ token: null });

    vi.stubEnv("HUB_AUTH_SECRET", "too-short");
    const short = await GET(request());
    expect(short.status).toBe(500);
    expect(await short.json()).toMatchObject({ error: "bad_secret" });
  });

  it("refuses invalid room names", async () => {
    vi.stubEnv("NODE_ENV", "development");
    vi.stubEnv("HUB_AUTH_SECRET", SECRET);
    for (const rooms of ["dashboard:*", "a.b", "global,bad room"]) {
      const response = await GET(request(`?rooms=${encodeURIComponent(rooms)}`));
      expect(response.status, rooms).toBe(400);
      expect(await response.json()).toMatchObject({ error: "bad_rooms" });
    }
  });

  it("signs viewer claims only: no operator claim, whatever the request asks", async () => {
    // The hub's operator API takes HUB_ADMIN_TOKEN, never a JWT; a viewer token with any
    // extra claim would still be refused (403), and this route must never sign one.
    const response = await handleTokenRequest(
      request("?rooms=global&admin=1&role=admin&operator=1"),
      { NODE_ENV: "development", HUB_AUTH_SECRET: SECRET, HUB_ADMIN_TOKEN: "op" },
    );
    const body = (await response.json()) as { token: string };
    const { payload } = await jwtVerify(body.token, key, { algorithms: ["HS256"] });
    expect(Object.keys(payload).sort()).toEqual([
      "exp",
      "iat",
      "jti",
      "name",
      "publish",
      "rooms",
      "sub",
    ]);
  });

  it("gives every token its own random jti, so an operator can revoke one token", async () => {
    const env = { NODE_ENV: "development", HUB_AUTH_SECRET: SECRET };
    const jtis = new Set<unknown>();
    for (let i = 0; i < 5; i++) {
      const response = await handleTokenRequest(request(), env, () => 1_800_000_000_000);
      jtis.add(decodeJwt(((await response.json()) as { token: string }).token).jti);
    }
    expect(jtis.size).toBe(5);
    for (const jti of jtis) expect(jti).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("adds iss and aud when the hub checks them", async () => {
    const response = await handleTokenRequest(
      request(),
      {
        NODE_ENV: "development",
        HUB_AUTH_SECRET: SECRET,
        HUB_AUTH_ISSUER: "https://auth.example/",
        HUB_AUTH_AUDIENCE: "pulseboard",
      },
      () => 1_800_000_000_000,
    );
    const { token, exp } = (await response.json()) as { token: string; exp: number };
    const claims = decodeJwt(token);
    expect(claims).toMatchObject({
      iss: "https://auth.example/",
      aud: "pulseboard",
      iat: 1_800_000_000,
    });
    expect(exp).toBe(1_800_000_000 + DEV_TOKEN_TTL_SECONDS);
  });
});

describe("devTokensEnabled", () => {
  it("is on by itself only in development and tests; elsewhere only with the switch", () => {
    expect(devTokensEnabled({ NODE_ENV: "development" })).toBe(true);
    expect(devTokensEnabled({ NODE_ENV: "test" })).toBe(true);
    expect(devTokensEnabled({})).toBe(false);
    expect(devTokensEnabled({ NODE_ENV: "staging" })).toBe(false);
    expect(devTokensEnabled({ NODE_ENV: "production" })).toBe(false);
    expect(devTokensEnabled({ NODE_ENV: "production", PULSEBOARD_DEV_TOKENS: "true" })).toBe(false);
    expect(devTokensEnabled({ NODE_ENV: "production", PULSEBOARD_DEV_TOKENS: "1" })).toBe(true);
    expect(devTokensEnabled({ PULSEBOARD_DEV_TOKENS: "1" })).toBe(true);
  });

  it("has a warning wherever the switch turned it on", () => {
    expect(
      devTokensWarning({ NODE_ENV: "development", PULSEBOARD_DEV_TOKENS: "1" }),
    ).toBeUndefined();
    expect(devTokensWarning({ NODE_ENV: "production" })).toBeUndefined();
    expect(devTokensWarning({ NODE_ENV: "production", PULSEBOARD_DEV_TOKENS: "1" })).toMatch(
      /^WARNING: PULSEBOARD_DEV_TOKENS=1 on a server with NODE_ENV=production: .*any room/,
    );
    expect(devTokensWarning({ PULSEBOARD_DEV_TOKENS: "1" })).toContain("NODE_ENV=unset");
  });
});

describe("switched on in production", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
  });

  // A fresh module each time: the warning is logged once per process.
  async function freshModules() {
    vi.resetModules();
    const route = await import("../app/api/token/route");
    const instrumentation = await import("../instrumentation");
    return { GET: route.GET, register: instrumentation.register };
  }

  function productionWithSwitch() {
    vi.stubEnv("NODE_ENV", "production");
    vi.stubEnv("PULSEBOARD_DEV_TOKENS", "1");
    vi.stubEnv("HUB_AUTH_SECRET", SECRET);
    return vi.spyOn(console, "warn").mockImplementation(() => {});
  }

  it("the server warns at start-up, once", async () => {
    const warn = productionWithSwitch();
    const fresh = await freshModules();
    fresh.register();
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]?.[0]).toMatch(/^WARNING: PULSEBOARD_DEV_TOKENS=1/);
    expect((await fresh.GET(request("?rooms=global"))).status).toBe(200);
    expect(warn).toHaveBeenCalledTimes(1);
  });

  it("issues tokens, and warns at the first request if start-up did not", async () => {
    const warn = productionWithSwitch();
    const fresh = await freshModules();
    expect((await fresh.GET(request("?rooms=global"))).status).toBe(200);
    expect((await fresh.GET(request("?rooms=global"))).status).toBe(200);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]?.[0]).toMatch(/^WARNING: PULSEBOARD_DEV_TOKENS=1/);
  });

  it("says nothing in development", async () => {
    const warn = productionWithSwitch();
    vi.stubEnv("NODE_ENV", "development");
    const fresh = await freshModules();
    fresh.register();
    expect((await fresh.GET(request("?rooms=global"))).status).toBe(200);
    expect(warn).not.toHaveBeenCalled();
  });
});

describe("parseRooms", () => {
  it("accepts a comma list of room names, deduplicated", () => {
    expect(parseRooms(null)).toEqual({ ok: true, value: ["global"] });
    expect(parseRooms(" global , dashboard:1,global")).toEqual({
      ok: true,
      value: ["global", "dashboard:1"],
    });
    expect(parseRooms(Array.from({ length: 101 }, (_, i) => `r${i}`).join(","))).toMatchObject({
      ok: false,
    });
  });
});
