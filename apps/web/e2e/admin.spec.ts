import type { Browser, Locator, Page } from "@playwright/test";
import { Dashboard } from "./support/dashboard";
import { uniqueId } from "./support/events";
import { expect, test } from "./support/fixtures";
import { OperatorConsole } from "./support/operator";

/**
 * The admin page (`/admin`, SECURITY.md "Operator access"): a browser without the operator
 * password gets no admin page and no admin data; an operator sees a viewer's connection, on
 * the hubs the stack runs, and disconnects or revokes it, and the viewer's dashboard, in
 * another browser, says so.
 */

test("a browser without the operator password gets no admin page", async ({ page, stack }) => {
  await page.goto("/admin");
  await expect(page).toHaveURL(/\/admin\/login$/);
  await expect(page.getByRole("heading", { name: "Operator sign-in" })).toBeVisible();
  await expect(page.getByRole("region", { name: "Connections" })).toHaveCount(0);

  // The data and the actions refuse it as well.
  for (const action of ["hubs", "rooms", "connections", "presence?room=global"]) {
    const answer = await page.request.get(`/api/admin/${action}`);
    expect(answer.status(), action).toBe(401);
    expect(await answer.text()).not.toContain(stack.adminToken);
  }
  const disconnect = await page.request.post("/api/admin/disconnect", {
    data: { user: "anyone" },
    headers: { origin: stack.webUrl },
  });
  expect(disconnect.status()).toBe(401);

  // A wrong password stays outside, told so.
  await page.getByLabel("Operator password").fill("not the password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/admin\/login\?failed=1$/);
  await expect(
    page.getByRole("alert").filter({ hasText: "That password is not the operator password." }),
  ).toBeVisible();
  expect((await page.context().cookies()).map((cookie) => cookie.name)).not.toContain(
    "pulseboard_operator",
  );
  await page.goto("/admin");
  await expect(page).toHaveURL(/\/admin\/login$/);
});

/**
 * A viewer's dashboard on a room of its own, live, in another browser context, and the operator
 * signed in on `page` with that viewer's connection row in view; `scenario` runs with both, and
 * the viewer's context is closed after it whatever happens.
 */
async function withViewerAndOperator(
  {
    browser,
    page,
    stack,
  }: { browser: Browser; page: Page; stack: { webUrl: string; operatorPassword: string } },
  prefix: string,
  scenario: (parts: {
    viewer: Dashboard;
    operator: OperatorConsole;
    row: Locator;
  }) => Promise<void>,
): Promise<void> {
  const id = uniqueId(prefix);
  const viewerContext = await browser.newContext({ baseURL: stack.webUrl });
  try {
    const viewer = new Dashboard(await viewerContext.newPage());
    await viewer.open(`/dashboards/${id}`);
    await viewer.expectLive();
    const operator = new OperatorConsole(page);
    await operator.signIn(stack.operatorPassword);
    await scenario({ viewer, operator, row: operator.connectionIn(`dashboard:${id}`) });
  } finally {
    await viewerContext.close();
  }
}

test("an operator disconnects a viewer, whose dashboard says so and comes back", async ({
  browser,
  page,
  stack,
}) => {
  await withViewerAndOperator(
    { browser, page, stack },
    "admin",
    async ({ viewer, operator, row }) => {
      await expect(page.getByText("Ready").first()).toBeVisible();
      await expect(row).toHaveCount(1);
      const html = await page.content();
      expect(html).not.toContain(stack.adminToken);

      await row.getByRole("button", { name: /^Disconnect/ }).click();
      const dialog = operator.dialog("Disconnect this connection?");
      await expect(dialog).toBeVisible();
      await dialog.getByRole("button", { name: "Disconnect" }).click();
      await expect(operator.announcement).toContainText("1 connection(s) closed");

      // The viewer's page says what happened, in a banner, and waits before reconnecting.
      await expect(
        viewer.page.getByRole("alert").filter({ hasText: "Disconnected by an operator" }),
      ).toBeVisible();
      await expect(viewer.connectionState).toHaveText("Reconnecting");
      await expect(row).toHaveCount(0);
      // It comes back by itself after 10–20 s, and the operator sees it again.
      await viewer.expectLive(30_000);
      await expect(viewer.page.getByText("Disconnected by an operator")).toHaveCount(0);
      await expect(row).toHaveCount(1);
    },
  );
});

test("an operator revokes a viewer, whose dashboard says access was revoked and stops", async ({
  browser,
  page,
  stack,
}) => {
  await withViewerAndOperator(
    { browser, page, stack },
    "revoke",
    async ({ viewer, operator, row }) => {
      // Each development token has its own jti: the row offers that token alone, or the user.
      await expect(row.getByRole("button", { name: /^Revoke token/ })).toBeVisible();
      await row.getByRole("button", { name: /^Revoke user/ }).click();
      const dialog = page.getByRole("dialog");
      await expect(dialog).toContainText("Revoke dev:");
      await dialog.getByRole("button", { name: "Revoke user" }).click();
      await expect(operator.announcement).toContainText("1 connection(s) closed");

      await expect(
        viewer.page.getByRole("alert").filter({ hasText: "Access revoked" }),
      ).toBeVisible();
      await expect(viewer.connectionState).toHaveText("Access revoked");
      await expect(row).toHaveCount(0);
      // It stays away: no retry button, no reconnection.
      await expect(viewer.page.getByRole("button", { name: "Retry now" })).toHaveCount(0);
      await viewer.page.waitForTimeout(3_000);
      await expect(row).toHaveCount(0);
    },
  );
});
