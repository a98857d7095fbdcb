import { type JWTPayload, SignJWT } from "jose";

export const TEST_SECRET = "test-secret-that-is-at-least-32-characters-long";

/** An HS256 token signed with TEST_SECRET (or another secret, to forge one). */
export async function signToken(
  claims: JWTPayload & { rooms?: unknown },
  {
    secret = TEST_SECRET,
    expiresInSeconds = 600,
  }: { secret?: string; expiresInSeconds?: number } = {},
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ exp: now + expiresInSeconds, ...claims })
    .setProtectedHeader({ alg: "HS256" })
    .setIssuedAt(now)
    .sign(new TextEncoder().encode(secret));
}
