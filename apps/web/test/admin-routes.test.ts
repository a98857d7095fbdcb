import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { handleAdminAction } from "../lib/admin/admin-actions";
import { issueSession, OPERATOR_COOKIE, OPERATOR_SESSION_SECONDS } from "../lib/admin/session";
import { handleSignIn, handleSignOut } from "../lib/admin/sign-in";

/**
 * The admin routes (`/api/admin/*`) against a real hub process with its operator API on: who is
 * refused, what an operator gets, and that the hub's admin token never reaches the browser.
 */

const ADMIN_TOKEN = "admin-routes-test-token-4f1c9a2e77";
const PASSWORD = "correct horse battery staple";
const SITE = "http://127.0.0.1:3000";

/** What this file uses of @pulseboard/testkit's `spawnHub` (a hub process through tsx). */
interface HubProcess {
  url: string;
  kill(signal: NodeJS.Signals): void;
  exited: Promise<unknown>;
}

/**
 * Loaded at run time: testkit's sources do not compile under this app's Next.js typings
 * (which make NODE_ENV a required variable), and tsc would check them through a static import.
 */
async function spawnHub(env: Record<string, string>): Promise<HubProcess> {
  const testkit: string = "@pulseboard/testkit";
  const loaded = (await import(testkit)) as {
    spawnHub: (env: Record<string, string>) => Promise<HubProcess>;
  };
  return loaded.spawnHub(env);
}

let hub: HubProcess;
/** Every answer the tests got, to check none carries the admin token. */
const answers: { status: number; headers: string; body: string }[] = [];

beforeAll(async () => {
  hub = await spawnHub({ HUB_ADMIN_TOKEN: ADMIN_TOKEN, HUB_LOG_LEVEL: "warn" });
});

afterAll(async () => {
  hub?.kill("SIGKILL");
  await hub?.exited;
});

function env(overrides: Record<string, string> = {}) {
  return {
    PULSEBOARD_ADMIN_TOKEN: ADMIN_TOKEN,
    PULSEBOARD_OPERATOR_PASSWORD: PASSWORD,
    PULSEBOARD_ADMIN_HUB_URL: hub.url,
    ...overrides,
  };
}

const config = () => ({ adminToken: ADMIN_TOKEN, password: PASSWORD, hubHttpUrl: hub.url });

function request(
  path: string,
  { cookie, origin, body }: { cookie?: string; origin?: string; body?: BodyInit } = {},
) {
  const headers: Record<string, string> = { host: "127.0.0.1:3000" };
  if (cookie !== undefined) headers.cookie = cookie;
  if (origin !== undefined) headers.origin = origin;
  return new Request(`${SITE}${path}`, {
    method: body === undefined ? "GET" : "POST",
    headers,
    body,
  });
}

async function record(response: Response) {
  const body = await response.text();
  answers.push({ status: response.status, headers: JSON.stringify([...response.headers]), body });
  return { status: response.status, headers: response.headers, body };
}

async function action(
  name: string,
  options: Parameters<typeof request>[1] = {},
  environment: Record<string, string> = env(),
) {
  // `name` may carry a query string, as the page's requests do.
  const route = name.split("?")[0] ?? "";
  return record(
    await handleAdminAction(request(`/api/admin/${name}`, options), route, environment),
  );
}

const session = () => `${OPERATOR_COOKIE}=${issueSession(config(), Date.now())}`;

describe("/api/admin/*", () => {
  it("does not exist while the admin page is off", async () => {
    const off = { PULSEBOARD_ADMIN_HUB_URL: hub.url };
    expect((await action("hubs", { cookie: session() }, off)).status).toBe(404);
    const onlyToken = { ...off, PULSEBOARD_ADMIN_TOKEN: ADMIN_TOKEN };
    expect((await action("hubs", { cookie: session() }, onlyToken)).status).toBe(404);
    const signIn = await handleSignIn(
      request("/api/admin/session", { origin: SITE, body: form(PASSWORD) }),
      off,
    );
    expect((await record(signIn)).status).toBe(404);
  });

  it("refuses a browser without a valid operator session: 401", async () => {
    expect((await action("hubs")).status).toBe(401);
    expect((await action("connections", { cookie: `${OPERATOR_COOKIE}=1.forged` })).status).toBe(
      401,
    );
    const expired = issueSession(config(), Date.now() - (OPERATOR_SESSION_SECONDS + 5) * 1000);
    expect((await action("hubs", { cookie: `${OPERATOR_COOKIE}=${expired}` })).status).toBe(401);
    // Issued under another password: changing the password signs everyone out.
    const other = issueSession({ ...config(), password: "another password" }, Date.now());
    expect((await action("rooms", { cookie: `${OPERATOR_COOKIE}=${other}` })).status).toBe(401);
    // A viewer's development-viewer cookie is no operator session either.
    const viewer = "pulseboard_dev_viewer=abc";
    expect(
      (await action("disconnect", { cookie: viewer, origin: SITE, body: '{"user":"x"}' })).status,
    ).toBe(401);
  });

  it("signs an operator in with the password only, from this site's form", async () => {
    const wrong = await record(
      await handleSignIn(
        request("/api/admin/session", { origin: SITE, body: form("guess") }),
        env(),
      ),
    );
    expect(wrong.status).toBe(303);
    expect(wrong.headers.get("location")).toBe("/admin/login?failed=1");
    expect(wrong.headers.get("set-cookie")).toBeNull();

    const elsewhere = await record(
      await handleSignIn(
        request("/api/admin/session", { origin: "https://evil.example", body: form(PASSWORD) }),
        env(),
      ),
    );
    expect(elsewhere.status).toBe(403);

    const right = await record(
      await handleSignIn(
        request("/api/admin/session", { origin: SITE, body: form(PASSWORD) }),
        env(),
      ),
    );
    expect(right.status).toBe(303);
    expect(right.headers.get("location")).toBe("/admin");
    const cookie = right.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(new RegExp(`^${OPERATOR_COOKIE}=\\d+\\.[\\w-]{43}; Max-Age=28800;`));
    expect(cookie).toContain("HttpOnly");
    expect(cookie).toContain("SameSite=Strict");

    // The cookie it set opens the admin routes.
    const hubs = await action("hubs", { cookie: cookie.split(";")[0] });
    expect(hubs.status).toBe(200);

    const out = await record(
      handleSignOut(request("/api/admin/logout", { origin: SITE, body: "" })),
    );
    expect(out.headers.get("set-cookie")).toMatch(new RegExp(`^${OPERATOR_COOKIE}=; Max-Age=0;`));
  });

  it("hands an operator the hub's answers: hubs, rooms, connections, presence", async () => {
    const hubs = await action("hubs", { cookie: session() });
    expect(hubs.status).toBe(200);
    expect(hubs.headers.get("cache-control")).toBe("no-store");
    const answer = JSON.parse(hubs.body) as { status: { ready: boolean; version: string }[] };
    expect(answer.status).toHaveLength(1);
    expect(answer.status[0]).toMatchObject({ ready: true, version: "0.1.0" });
    expect(JSON.parse((await action("rooms", { cookie: session() })).body)).toMatchObject({
      rooms: [],
    });
    const connections = await action("connections?room=global", { cookie: session() });
    expect(JSON.parse(connections.body)).toMatchObject({ connections: [] });
    const presence = await action("presence?room=global", { cookie: session() });
    expect(JSON.parse(presence.body)).toEqual({ room: "global", members: [] });
    expect((await action("presence?room=not%20a%20room", { cookie: session() })).status).toBe(400);
    expect((await action("broadcast", { cookie: session() })).status).toBe(404);
  });

  it("takes actions only from this site, with a body it checked", async () => {
    const body = JSON.stringify({ user: "nobody" });
    expect((await action("disconnect", { cookie: session(), body })).status).toBe(403);
    const foreign = { cookie: session(), origin: "https://evil.example", body };
    expect((await action("disconnect", foreign)).status).toBe(403);
    const ok = await action("disconnect", { cookie: session(), origin: SITE, body });
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.body)).toMatchObject({ closed: 0 });
    const extra = JSON.stringify({ user: "nobody", room: "global" });
    expect(
      (await action("disconnect", { cookie: session(), origin: SITE, body: extra })).status,
    ).toBe(400);
    expect((await action("revoke", { cookie: session(), origin: SITE, body: "{" })).status).toBe(
      400,
    );
    expect((await action("hubs", { cookie: session(), origin: SITE, body: "{}" })).status).toBe(
      405,
    );
  });

  it("says what is wrong when the hub refuses the token or does not answer, without the token", async () => {
    const mismatched = env({ PULSEBOARD_ADMIN_TOKEN: "not-the-hub-token" });
    const cookie = `${OPERATOR_COOKIE}=${issueSession({ ...config(), adminToken: "not-the-hub-token" }, Date.now())}`;
    const refused = await action("hubs", { cookie }, mismatched);
    expect(refused.status).toBe(502);
    expect(JSON.parse(refused.body)).toMatchObject({ error: "hub_refused" });
    expect(refused.body).not.toContain("not-the-hub-token");

    const gone = await action(
      "hubs",
      { cookie: session() },
      env({ PULSEBOARD_ADMIN_HUB_URL: "http://127.0.0.1:9" }),
    );
    expect(gone.status).toBe(502);
    expect(JSON.parse(gone.body)).toMatchObject({ error: "hub_unreachable" });
  });

  it("never lets the admin token reach the browser, in any answer above", () => {
    expect(answers.length).toBeGreaterThan(20);
    for (const answer of answers) {
      expect(answer.body).not.toContain(ADMIN_TOKEN);
      expect(answer.headers).not.toContain(ADMIN_TOKEN);
      expect(answer.body).not.toContain(PASSWORD);
    }
  });
});

function form(password: string): FormData {
  const data = new FormData();
  data.set("password", password);
  return data;
}
