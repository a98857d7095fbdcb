import { randomUUID } from "node:crypto";
import type { IssuedTokenClaims } from "@pulseboard/protocol";
import { SignJWT } from "jose";

/** Lifetime of a development token: short, so a leaked one is soon useless (SECURITY.md). */
export const DEV_TOKEN_TTL_SECONDS = 300;

/**
 * Subject of development tokens without a viewer identity. A `refresh` must keep the subject,
 * so a browser's tokens all carry the same one (see dev-viewer.ts).
 */
export const DEV_TOKEN_SUBJECT = "pulseboard-dev";

export interface DevTokenOptions {
  secret: string;
  rooms: readonly string[];
  /** Seconds since 1970. */
  now: number;
  ttlSeconds?: number;
  subject?: string;
  /** Display name for presence (`name` claim). */
  name?: string | undefined;
  issuer?: string | undefined;
  audience?: string | undefined;
}

/**
 * An HS256 JWT the hub accepts with the same `HUB_AUTH_SECRET`: the protocol's claims
 * (`IssuedTokenClaims`: `sub`, `exp`, `name`, `rooms`, and `publish` = the rooms it may read,
 * so indicators go no further, and a random `jti`, so an operator can revoke this one token
 * without barring its user), plus `iat` and, when the hub checks them, `iss` and `aud`.
 */
export async function signDevToken(
  options: DevTokenOptions,
): Promise<{ token: string; exp: number }> {
  const exp = options.now + (options.ttlSeconds ?? DEV_TOKEN_TTL_SECONDS);
  const claims: IssuedTokenClaims = {
    sub: options.subject ?? DEV_TOKEN_SUBJECT,
    exp,
    rooms: [...options.rooms],
    publish: [...options.rooms],
    jti: randomUUID(),
    ...(options.name === undefined ? {} : { name: options.name }),
  };
  let jwt = new SignJWT(claims)
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuedAt(options.now);
  if (options.issuer !== undefined) jwt = jwt.setIssuer(options.issuer);
  if (options.audience !== undefined) jwt = jwt.setAudience(options.audience);
  const token = await jwt.sign(new TextEncoder().encode(options.secret));
  return { token, exp };
}
