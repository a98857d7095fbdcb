import { CloseCode } from "@pulseboard/protocol";
import { afterEach, describe, expect, it } from "vitest";
import { startTestHub, type TestHub } from "../../src/testing.js";
import { signToken, TEST_SECRET } from "../support/tokens.js";
import { TestClient, UpgradeRefused } from "../support/ws-client.js";

/** The operator API on the embedded memory engine: one hub, deny list in its process. */

const ADMIN = "operator-token-for-the-tests";
let hub: TestHub | undefined;

afterEach(async () => {
  await hub?.close();
  hub = undefined;
});

const auth = { HUB_AUTH: "jwt", HUB_AUTH_SECRET: TEST_SECRET };

async function post(path: string, body: unknown) {
  const response = await fetch(`${hub?.url}${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${ADMIN}` },
    body: JSON.stringify(body),
  });
  return (await response.json()) as Record<string, unknown>;
}

describe("operator API on the memory engine", () => {
  it("is off (404) without HUB_ADMIN_TOKEN", async () => {
    hub = await startTestHub(auth);
    const response = await fetch(`${hub.url}/api/v1/admin/connections`, {
      headers: { authorization: `Bearer ${ADMIN}` },
    });
    expect(response.status).toBe(404);
  });

  it("lists, revokes and refuses on a single hub", async () => {
    hub = await startTestHub({ ...auth, HUB_ADMIN_TOKEN: ADMIN });
    const token = await signToken({ sub: "mallory", rooms: ["global"] });
    const headers = { authorization: `Bearer ${token}` };
    const client = await TestClient.ready(`${hub.wsUrl}?rooms=global`, { headers });
    const listing = await fetch(`${hub.url}/api/v1/admin/connections?user=mallory`, {
      headers: { authorization: `Bearer ${ADMIN}` },
    });
    const body = (await listing.json()) as { hubs: string[]; missing: string[]; connections: [] };
    expect(body.hubs).toHaveLength(1);
    expect(body.missing).toEqual([]);
    expect(body.connections).toHaveLength(1);

    expect(await post("/api/v1/admin/revoke", { sub: "mallory" })).toMatchObject({ closed: 1 });
    expect((await client.closed).code).toBe(CloseCode.REVOKED);
    const refused = await TestClient.connect(`${hub.wsUrl}?rooms=global`, { headers }).catch(
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(UpgradeRefused);
    expect((refused as UpgradeRefused).body?.error).toBe("token_revoked");
  });
});
