import { decodeJwt } from "jose";
import { Dashboard } from "./support/dashboard";
import { playbacks, uniqueId } from "./support/events";
import { expect, test } from "./support/fixtures";
import { serveToken, signToken } from "./support/tokens";

/**
 * Scenario 9: authorisation, not the client-side room filter. Two browsers (two contexts: two
 * SharedWorkers, two sockets) open the same dashboard. The first gets its tokens from the web
 * app's development route, which grants what is asked; the second from a token source that
 * grants one other room only, as a login would for someone without access to this dashboard.
 * The hub refuses the second browser's socket (HTTP 403 on the upgrade, which a browser
 * cannot read), so its page must say the hub refused it and show none of the room's events,
 * while the first browser shows them.
 */
test("a browser whose token lacks the room is refused, and sees none of its events", async ({
  browser,
  dashboard,
  producer,
  stack,
}) => {
  const id = uniqueId("denied");
  const room = `dashboard:${id}`;
  const granted = `dashboard:${uniqueId("granted")}`;
  await dashboard.open(`/dashboards/${id}`);
  await dashboard.expectLive();
  const baseline = await stack.hubConnections("a");

  const limited = await browser.newContext({ baseURL: stack.webUrl });
  try {
    const token = await signToken(stack.secret, [granted]);
    expect(decodeJwt(token.token).rooms).toEqual([granted]);
    const requests = await serveToken(limited, token, [granted]);

    // The same token is good for its own room: the refusal below is about the room.
    const own = new Dashboard(await limited.newPage());
    await own.open(`/dashboards/${granted.slice("dashboard:".length)}`);
    await own.expectLive();
    await expect.poll(() => stack.hubConnections("a")).toBe(baseline + 1);
    await own.page.close();
    // Its socket is gone before the next page opens, so that page dials a socket of its own.
    await expect.poll(() => stack.hubConnections("a")).toBe(baseline);

    const refused = new Dashboard(await limited.newPage());
    await refused.open(`/dashboards/${id}`);
    await refused.expectRefused(30_000);
    await expect(refused.errorPanel).toContainText("may not grant this dashboard's room");
    expect(requests()).toBeGreaterThanOrEqual(2);

    // The room's events reach the first browser and never the second.
    await producer.publishAll(room, playbacks(id, 1, 3));
    await expect(dashboard.stat("Events / min")).toHaveText("3");
    expect(await dashboard.feedUsers()).toEqual([`${id}-user-3`, `${id}-user-2`, `${id}-user-1`]);
    await expect(refused.feed).toHaveCount(0);
    await expect(refused.page.getByText(`${id}-user-1`)).toHaveCount(0);
    expect(await stack.hubConnections("a")).toBe(baseline);
  } finally {
    await limited.close();
  }
});
