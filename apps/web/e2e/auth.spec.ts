import { readFileSync } from "node:fs";
import { playbacks, uniqueId } from "./support/events";
import { expect, test } from "./support/fixtures";
import { serveToken, signToken } from "./support/tokens";

/**
 * Scenario 5: the hubs run with HUB_AUTH=jwt and the secret the global setup generated; the
 * web app's token route signs with the same secret. A token the hub rejects (forged: signed
 * with another secret; or expired) must end in a clear error state, not an endless
 * "Connecting…". The browser cannot see why an upgrade failed, so the page probes the hub and
 * says the hub refused the connection, with the likely causes.
 */

const cases = [
  {
    name: "a forged token (signed with another secret)",
    token: (rooms: string[]) => signToken("not-the-hub-secret-but-long-enough-0123456789", rooms),
  },
  {
    name: "an expired token",
    token: (rooms: string[], secret: string) =>
      signToken(secret, rooms, { expiresIn: -600, issuedAgo: 900 }),
  },
];

for (const { name, token } of cases) {
  test(`${name} shows that the hub refused the connection, not a spinner`, async ({
    dashboard,
    page,
    producer,
    stack,
  }) => {
    const id = uniqueId("auth");
    const rooms = [`dashboard:${id}`];
    const requests = await serveToken(page, await token(rooms, stack.secret), rooms);
    await dashboard.open(`/dashboards/${id}`);

    // Between attempts the page says what is wrong, with no placeholder pretending it is still
    // connecting.
    await dashboard.expectRefused();
    await expect(dashboard.errorPanel).toContainText("HUB_AUTH_SECRET differs");
    await expect(dashboard.errorPanel.getByRole("button", { name: "Retry now" })).toBeVisible();
    expect(requests()).toBeGreaterThanOrEqual(3);

    // Nothing leaks through while the token is refused.
    await producer.publishAll(rooms[0] ?? "", playbacks(id, 1, 2));
    await expect(dashboard.feed).toHaveCount(0);

    // Once the web app's real token is served again, the same page recovers: on "Retry now",
    // or on its next scheduled attempt if that comes first (the panel is gone then).
    await page.unroute("**/api/token?**");
    await dashboard.errorPanel
      .getByRole("button", { name: "Retry now" })
      .click({ timeout: 5_000 })
      .catch(async (error: unknown) => {
        if ((await dashboard.connectionState.textContent()) !== "Live") throw error;
      });
    await dashboard.expectLive();
    await expect(dashboard.errorPanel).toHaveCount(0);
    await producer.publishAll(rooms[0] ?? "", playbacks(id, 3, 1));
    // The two published while refused arrive now, as the room's history on open (protocol 1.1),
    // with the one published after: three, each once.
    await expect(dashboard.stat("Playing now")).toHaveText("3");
    await expect(dashboard.feedRows).toHaveCount(3);
  });
}

test("a failing token route shows at once that no access token could be had", async ({
  dashboard,
  page,
}) => {
  const id = uniqueId("auth");
  await page.route("**/api/token?**", (route) =>
    route.fulfill({
      status: 500,
      contentType: "application/json",
      body: JSON.stringify({ error: "bad_secret", message: "HUB_AUTH_SECRET is too short" }),
    }),
  );
  await dashboard.open(`/dashboards/${id}`);
  await expect(dashboard.errorPanel).toContainText("Could not get an access token");
  await expect(dashboard.errorPanel).toContainText("HTTP 500 · bad_secret");
  await expect(dashboard.emptyState).toHaveCount(0);
});

test("the web server says loudly that development tokens are on in a production build", ({
  stack,
}) => {
  // The stack runs `next start` with PULSEBOARD_DEV_TOKENS=1, the explicit switch.
  const log = readFileSync(stack.logFiles.web ?? "", "utf8");
  expect(log).toContain("WARNING: PULSEBOARD_DEV_TOKENS=1 on a server with NODE_ENV=production");
});
