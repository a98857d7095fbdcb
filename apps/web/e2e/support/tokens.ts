import type { BrowserContext, Page } from "@playwright/test";
import { SignJWT } from "jose";

/** An HS256 token for `rooms`, as a login other than the development route might issue one. */
export async function signToken(
  secret: string,
  rooms: string[],
  { expiresIn = 300, issuedAgo = 0 }: { expiresIn?: number; issuedAgo?: number } = {},
): Promise<{ token: string; exp: number }> {
  const now = Math.floor(Date.now() / 1000);
  const exp = now + expiresIn;
  const token = await new SignJWT({ rooms })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject("pulseboard-dev")
    .setIssuedAt(now - issuedAgo)
    .setExpirationTime(exp)
    .sign(new TextEncoder().encode(secret));
  return { token, exp };
}

/**
 * Answers the token requests of a page, or of every page and worker of a browser context, with
 * `token` instead of the web app's route, whatever rooms they ask for. Returns a request count.
 */
export async function serveToken(
  target: Page | BrowserContext,
  token: { token: string; exp: number },
  rooms: string[],
): Promise<() => number> {
  let requests = 0;
  await target.route("**/api/token?**", async (route) => {
    requests++;
    await route.fulfill({
      status: 200,
      contentType: "application/json",
      headers: { "cache-control": "no-store" },
      body: JSON.stringify({ ...token, rooms }),
    });
  });
  return () => requests;
}
