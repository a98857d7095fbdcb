import { writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CloseCode, ErrorCode } from "@pulseboard/protocol";
import { exportJWK, generateKeyPair, SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { playback } from "./support/events.js";
import { startTestHub, type TestHub } from "./support/hub.js";
import { signToken, TEST_SECRET } from "./support/tokens.js";
import { TestClient, UpgradeRefused } from "./support/ws-client.js";

async function refusal(promise: Promise<unknown>): Promise<UpgradeRefused> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof UpgradeRefused))
    throw new Error(`expected a refused upgrade, got ${error}`);
  return error;
}

describe("JWT at the upgrade (HS256)", () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub({
      HUB_AUTH: "jwt",
      HUB_AUTH_SECRET: TEST_SECRET,
      HUB_DEFAULT_ROOMS: "global",
      HUB_AUTH_LEEWAY_S: "0",
    });
  });
  afterAll(async () => {
    await hub.close();
  });

  it("refuses a connection without a token with 401 missing_token", async () => {
    const refused = await refusal(TestClient.connect(hub.wsUrl));
    expect(refused.status).toBe(401);
    expect(refused.body).toMatchObject({ error: "missing_token" });
  });

  it("refuses forged, malformed, unsigned and expired tokens with 401", async () => {
    const forged = await signToken({ sub: "eve", rooms: ["*"] }, { secret: "x".repeat(40) });
    const expired = await signToken({ sub: "ann" }, { expiresInSeconds: -60 });
    const header = Buffer.from('{"alg":"none","typ":"JWT"}').toString("base64url");
    const payload = Buffer.from('{"sub":"eve","rooms":["*"]}').toString("base64url");
    const cases = [
      [forged, "invalid_token"],
      ["not.a.jwt", "invalid_token"],
      [`${header}.${payload}.`, "invalid_token"],
      [expired, "token_expired"],
    ] as const;
    for (const [token, error] of cases) {
      const refused = await refusal(TestClient.connect(`${hub.wsUrl}?access_token=${token}`));
      expect(refused.status).toBe(401);
      expect(refused.body?.error).toBe(error);
    }
  });

  // Claims as the protocol defines them (tokenClaimsSchema): a broken `rooms` read as absent
  // would grant the default rooms, which the issuer never meant.
  it("refuses a signed token whose claims do not match the protocol's schema", async () => {
    const broken: Record<string, unknown>[] = [{ sub: "ann", rooms: 5 }, { sub: 7 }];
    for (const claims of broken) {
      const token = await signToken(claims);
      const refused = await refusal(TestClient.connect(`${hub.wsUrl}?access_token=${token}`));
      expect(refused.status).toBe(401);
      expect(refused.body?.error).toBe("invalid_token");
    }
    const patterns = await signToken({ sub: "ann", rooms: "global dashboard:*" });
    const client = await TestClient.ready(
      `${hub.wsUrl}?rooms=dashboard:1&access_token=${patterns}`,
    );
    expect(client.ofType("welcome")[0]?.data.rooms).toEqual(["dashboard:1"]);
    client.close();
  });

  it("accepts the token from the Authorization header, the token cookie or access_token", async () => {
    const token = await signToken({ sub: "ann" });
    const viaHeader = await TestClient.ready(hub.wsUrl, {
      headers: { authorization: `Bearer ${token}` },
    });
    const viaCookie = await TestClient.ready(hub.wsUrl, {
      headers: { cookie: `a=1; token=${token}` },
    });
    const viaQuery = await TestClient.ready(`${hub.wsUrl}?access_token=${token}`);
    for (const client of [viaHeader, viaCookie, viaQuery]) {
      expect(client.ofType("welcome")[0]?.data.rooms).toEqual(["global"]);
      client.close();
    }
  });

  it("serves only the rooms the token grants, reporting the others as forbidden", async () => {
    const token = await signToken({ sub: "ann", rooms: ["dashboard:*"] });
    const client = await TestClient.ready(
      `${hub.wsUrl}?rooms=dashboard:1,global,dashboard:2&access_token=${token}`,
    );
    expect(client.ofType("welcome")[0]?.data.rooms).toEqual(["dashboard:1", "dashboard:2"]);
    expect(client.ofType("error").map((e) => e.data.code)).toEqual([ErrorCode.FORBIDDEN]);

    client.send({
      type: "subscribe",
      id: "s1",
      data: { rooms: ["global", "secret", "dashboard:3"] },
    });
    const subscribed = await client.waitFor((m) => m.type === "subscribed" && m.ref === "s1");
    expect(subscribed.type === "subscribed" && subscribed.data.rooms).toEqual(["dashboard:3"]);
    const forbidden = client.ofType("error").filter((e) => e.ref === "s1");
    expect(forbidden.map((e) => e.data.code)).toEqual([ErrorCode.FORBIDDEN, ErrorCode.FORBIDDEN]);

    const seqs = await hub.publish([
      playback("global", 1),
      playback("secret", 2),
      playback("dashboard:3", 3),
      playback("dashboard:1", 4),
    ]);
    const events = await client.waitForEvents(2);
    expect(events.map((e) => e.seq)).toEqual([seqs[2], seqs[3]]);
    await hub.publish([playback("dashboard:1", 5)]);
    await client.waitForEvents(3);
    expect(client.events().some((e) => e.room === "global" || e.room === "secret")).toBe(false);
    client.close();
  });

  it("refuses with 403 when the token grants none of the requested rooms", async () => {
    const token = await signToken({ sub: "ann", rooms: ["dashboard:*"] });
    const refused = await refusal(
      TestClient.connect(`${hub.wsUrl}?rooms=global&access_token=${token}`),
    );
    expect(refused.status).toBe(403);
    expect(refused.body?.error).toBe("forbidden");
  });

  it("lets a token without a rooms claim read the default rooms only", async () => {
    const token = await signToken({ sub: "ann" });
    const refused = await refusal(
      TestClient.connect(`${hub.wsUrl}?rooms=dashboard:1&access_token=${token}`),
    );
    expect(refused.status).toBe(403);
    const client = await TestClient.ready(`${hub.wsUrl}?access_token=${token}`);
    expect(client.ofType("welcome")[0]?.data.rooms).toEqual(["global"]);
    client.close();
  });

  it("closes the connection with 4001 when the token expires", async () => {
    const token = await signToken({ sub: "ann" }, { expiresInSeconds: 2 });
    const client = await TestClient.ready(`${hub.wsUrl}?access_token=${token}`);
    const closed = await client.closed;
    expect(closed.code).toBe(CloseCode.TOKEN_EXPIRED);
  });

  it("keeps a connection past its first expiry after a refresh with a later token", async () => {
    const short = await signToken({ sub: "ann" }, { expiresInSeconds: 2 });
    const client = await TestClient.ready(`${hub.wsUrl}?access_token=${short}`);
    const later = await signToken({ sub: "ann" }, { expiresInSeconds: 6 });
    client.send({ type: "refresh", id: "r", data: { token: later } });
    const refreshed = await client.waitFor((m) => m.type === "refreshed");
    const laterExp = JSON.parse(Buffer.from(later.split(".")[1] ?? "", "base64url").toString()).exp;
    expect(refreshed).toMatchObject({ ref: "r", data: { exp: laterExp } });
    // Still open after the first token's expiry: prove it with a round trip at that time.
    await new Promise((resolve) => setTimeout(resolve, 2500));
    client.send({ type: "ping", id: "alive" });
    await client.waitFor((m) => m.type === "pong" && m.ref === "alive");
    expect((await client.closed).code).toBe(CloseCode.TOKEN_EXPIRED);
  });

  it("answers a bad refresh with invalid_token and keeps the old token in force", async () => {
    const token = await signToken({ sub: "ann" }, { expiresInSeconds: 2 });
    const client = await TestClient.ready(`${hub.wsUrl}?access_token=${token}`);
    const forged = await signToken(
      { sub: "ann" },
      { secret: "y".repeat(40), expiresInSeconds: 600 },
    );
    const otherUser = await signToken({ sub: "bob" }, { expiresInSeconds: 600 });
    client.send({ type: "refresh", id: 1, data: { token: forged } });
    client.send({ type: "refresh", id: 2, data: { token: otherUser } });
    const errors = await client.until(() => {
      const found = client.ofType("error");
      return found.length >= 2 ? found : undefined;
    });
    expect(errors.map((e) => [e.ref, e.data.code])).toEqual([
      [1, ErrorCode.INVALID_TOKEN],
      [2, ErrorCode.INVALID_TOKEN],
    ]);
    expect((await client.closed).code).toBe(CloseCode.TOKEN_EXPIRED);
  });

  it("drops the rooms a refreshed token no longer grants", async () => {
    const wide = await signToken({ sub: "ann", rooms: ["global", "dashboard:*"] });
    const client = await TestClient.ready(
      `${hub.wsUrl}?rooms=global,dashboard:7&access_token=${wide}`,
    );
    const narrow = await signToken({ sub: "ann", rooms: ["dashboard:*"] });
    client.send({ type: "refresh", id: "n", data: { token: narrow } });
    await client.waitFor((m) => m.type === "refreshed");
    expect(client.ofType("unsubscribed")[0]?.data.rooms).toEqual(["global"]);
    const seqs = await hub.publish([playback("global", 1), playback("dashboard:7", 2)]);
    const events = await client.waitForEvents(1);
    expect(events.map((e) => e.seq)).toEqual([seqs[1]]);
    client.close();
  });
});

describe("issuer, audience and JWKS", () => {
  it("checks iss and aud when configured", async () => {
    const hub = await startTestHub({
      HUB_AUTH_SECRET: TEST_SECRET,
      HUB_AUTH: "jwt",
      HUB_AUTH_ISSUER: "https://issuer.example",
      HUB_AUTH_AUDIENCE: "pulseboard",
    });
    const good = await signToken({ sub: "a", iss: "https://issuer.example", aud: "pulseboard" });
    const wrongIssuer = await signToken({
      sub: "a",
      iss: "https://evil.example",
      aud: "pulseboard",
    });
    const wrongAudience = await signToken({
      sub: "a",
      iss: "https://issuer.example",
      aud: "other",
    });
    (await TestClient.ready(`${hub.wsUrl}?access_token=${good}`)).close();
    for (const token of [wrongIssuer, wrongAudience]) {
      expect((await refusal(TestClient.connect(`${hub.wsUrl}?access_token=${token}`))).status).toBe(
        401,
      );
    }
    await hub.close();
  });

  it.each(["RS256", "ES256"] as const)("verifies %s tokens against a JWKS file", async (alg) => {
    const { publicKey, privateKey } = await generateKeyPair(alg);
    const jwk = { ...(await exportJWK(publicKey)), kid: "k1", alg };
    const file = join(tmpdir(), `pulseboard-jwks-${process.pid}-${alg}.json`);
    await writeFile(file, JSON.stringify({ keys: [jwk] }));
    const hub = await startTestHub({ HUB_AUTH: "jwt", HUB_JWKS: file });
    const token = await new SignJWT({ sub: "a", rooms: ["*"] })
      .setProtectedHeader({ alg, kid: "k1" })
      .setExpirationTime("5m")
      .sign(privateKey);
    const client = await TestClient.ready(`${hub.wsUrl}?rooms=anything&access_token=${token}`);
    expect(client.ofType("welcome")[0]?.data.rooms).toEqual(["anything"]);
    client.close();
    const hs = await signToken({ sub: "a" });
    expect((await refusal(TestClient.connect(`${hub.wsUrl}?access_token=${hs}`))).status).toBe(401);
    await hub.close();
  });
});
