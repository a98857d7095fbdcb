import { ErrorCode } from "@pulseboard/protocol";
import { SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestHub, type TestHub } from "./support/hub.js";
import { signToken, TEST_SECRET } from "./support/tokens.js";
import { TestClient, UpgradeRefused } from "./support/ws-client.js";

/** An HS256 token with exactly these claims: no `exp` unless given. */
function rawToken(claims: Record<string, unknown>): Promise<string> {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: "HS256" })
    .setIssuedAt()
    .sign(new TextEncoder().encode(TEST_SECRET));
}

async function refusal(promise: Promise<unknown>): Promise<UpgradeRefused> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof UpgradeRefused)) {
    throw new Error(`expected a refused upgrade, got ${String(error)}`);
  }
  return error;
}

const AUTH = { HUB_AUTH: "jwt", HUB_AUTH_SECRET: TEST_SECRET };

describe("token policy", () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub(AUTH);
  });
  afterAll(async () => {
    await hub.close();
  });

  it("refuses a token without exp (401 invalid_token), by default", async () => {
    const eternal = await rawToken({ sub: "svc", rooms: ["*"] });
    const refused = await refusal(TestClient.connect(`${hub.wsUrl}?access_token=${eternal}`));
    expect(refused.status).toBe(401);
    expect(refused.body).toMatchObject({ error: "invalid_token" });
    expect(refused.body?.message).toMatch(/exp/);
  });

  it("refuses a refresh into a token without exp, keeping the old one", async () => {
    const client = await TestClient.ready(
      `${hub.wsUrl}?access_token=${await signToken({ sub: "ann" })}`,
    );
    client.send({ type: "refresh", id: "e", data: { token: await rawToken({ sub: "ann" }) } });
    const error = await client.waitFor((m) => m.type === "error" && m.ref === "e");
    expect(error).toMatchObject({ data: { code: ErrorCode.INVALID_TOKEN } });
    client.close();
  });

  it("never lets a refresh change the subject: none → one, one → another, one → none", async () => {
    const cases = [
      [{ rooms: ["global"] }, { sub: "bob", rooms: ["*"] }],
      [
        { sub: "ann", rooms: ["global"] },
        { sub: "bob", rooms: ["*"] },
      ],
      [{ sub: "ann", rooms: ["global"] }, { rooms: ["*"] }],
    ] as const;
    for (const [first, next] of cases) {
      const client = await TestClient.ready(`${hub.wsUrl}?access_token=${await signToken(first)}`);
      client.send({ type: "refresh", id: "r", data: { token: await signToken(next) } });
      const error = await client.waitFor((m) => m.type === "error" && m.ref === "r");
      expect(error).toMatchObject({ data: { code: ErrorCode.INVALID_TOKEN } });
      // The old grant is still the one in force: the wider room stays forbidden.
      client.send({ type: "subscribe", id: "s", data: { rooms: ["dashboard:9"] } });
      const forbidden = await client.waitFor((m) => m.type === "error" && m.ref === "s");
      expect(forbidden).toMatchObject({ data: { code: ErrorCode.FORBIDDEN } });
      client.close();
    }
  });

  it("lets a refresh keep the same (or no) subject, extending the expiry", async () => {
    for (const claims of [{ sub: "ann" }, {}]) {
      const client = await TestClient.ready(
        `${hub.wsUrl}?access_token=${await signToken(claims, { expiresInSeconds: 60 })}`,
      );
      client.send({
        type: "refresh",
        id: "ok",
        data: { token: await signToken(claims, { expiresInSeconds: 3600 }) },
      });
      const refreshed = await client.waitFor((m) => m.type === "refreshed");
      expect(refreshed).toMatchObject({ ref: "ok" });
      client.close();
    }
  });

  describe("a token from the token cookie", () => {
    it("is refused from another site's page without HUB_ALLOWED_ORIGINS (403), accepted from the hub's own origin or without Origin", async () => {
      const token = await signToken({ sub: "ann" });
      const cookie = { cookie: `token=${token}` };
      const refused = await refusal(
        TestClient.connect(hub.wsUrl, { headers: cookie, origin: "https://evil.example" }),
      );
      expect(refused.status).toBe(403);
      expect(refused.body).toMatchObject({ error: "origin_not_allowed" });
      for (const origin of [`http://127.0.0.1:${hub.port}`, "null"]) {
        if (origin === "null") {
          const sandboxed = await refusal(
            TestClient.connect(hub.wsUrl, { headers: cookie, origin }),
          );
          expect(sandboxed.status).toBe(403);
        } else {
          (await TestClient.ready(hub.wsUrl, { headers: cookie, origin })).close();
        }
      }
      // No Origin: not a browser, so not a hijack.
      (await TestClient.ready(hub.wsUrl, { headers: cookie })).close();
    });

    it("is ignored from an untrusted page that brings its own token in the query", async () => {
      const cookieToken = await signToken({ sub: "victim", rooms: ["dashboard:secret"] });
      const pageToken = await signToken({ sub: "eve", rooms: ["global"] });
      const headers = { cookie: `token=${cookieToken}` };
      const origin = "https://evil.example";
      // The victim's room needs the cookie's grant: refused, the page's own token is used.
      const refused = await refusal(
        TestClient.connect(`${hub.wsUrl}?rooms=dashboard:secret&access_token=${pageToken}`, {
          headers,
          origin,
        }),
      );
      expect(refused).toMatchObject({ status: 403, body: { error: "forbidden" } });
      const own = await TestClient.ready(`${hub.wsUrl}?access_token=${pageToken}`, {
        headers,
        origin,
      });
      expect(own.ofType("welcome")[0]?.data.rooms).toEqual(["global"]);
      own.close();
    });

    it("needs an Origin from HUB_ALLOWED_ORIGINS when the list is set", async () => {
      const listed = await startTestHub({ ...AUTH, HUB_ALLOWED_ORIGINS: "https://dash.example" });
      const headers = { cookie: `token=${await signToken({ sub: "ann" })}` };
      (await TestClient.ready(listed.wsUrl, { headers, origin: "https://dash.example" })).close();
      for (const origin of [`http://127.0.0.1:${listed.port}`, "https://evil.example"]) {
        const refused = await refusal(TestClient.connect(listed.wsUrl, { headers, origin }));
        expect(refused).toMatchObject({ status: 403, body: { error: "origin_not_allowed" } });
      }
      await listed.close();
    });
  });
});

describe("HUB_AUTH_REQUIRE_EXP=0", () => {
  it("admits long-lived tokens without exp (service tokens)", async () => {
    const hub = await startTestHub({ ...AUTH, HUB_AUTH_REQUIRE_EXP: "0" });
    const client = await TestClient.ready(
      `${hub.wsUrl}?access_token=${await rawToken({ sub: "svc" })}`,
    );
    client.send({ type: "refresh", id: "x", data: { token: await rawToken({ sub: "svc" }) } });
    expect(await client.waitFor((m) => m.type === "refreshed")).toMatchObject({
      data: { exp: null },
    });
    client.close();
    await hub.close();
  });
});
