import { z } from "zod";
import { ErrorCode } from "./error-codes.js";
import { cut, describeIssues } from "./issues.js";
import { MAX_DISPLAY_NAME_LENGTH } from "./limits.js";
import { fail, ok, type Result } from "./result.js";

/**
 * Shortest HS256 secret, in characters, that the hub accepts and a token issuer may sign
 * with: 32 characters are at least 256 bits, the HMAC-SHA-256 output size that RFC 7518 §3.2
 * requires of a key. Shorter secrets can be brute-forced from a single token.
 */
export const MIN_HS256_SECRET_LENGTH = 32;

/**
 * A room-pattern claim (`rooms`, `publish`): exact names or prefixes ending in `*`
 * (`roomPatternMatches`), as a JSON array, or as one string separated by spaces or commas
 * (OAuth's `scope` style, for issuers that can only add string claims).
 */
export const roomPatternsClaimSchema = z.union([
  z.array(z.string()),
  z.string().transform((value) => value.split(/[\s,]+/).filter((pattern) => pattern !== "")),
]);

/** `name`, as presence shows it: trimmed and cut; a blank one counts as none (`sub` is shown). */
const displayNameClaimSchema = z.string().transform((value) => {
  const name = value.trim();
  return name === "" ? undefined : cut(name, MAX_DISPLAY_NAME_LENGTH);
});

/**
 * The claims of a Pulseboard token, as the hub reads them (other claims are ignored; `iss`,
 * `aud`, `nbf` are checked by the JWT library against the hub's settings):
 *
 * - `sub`: who the connection is; a `refresh` may never change it;
 * - `exp`: expiry, seconds since 1970; required unless the hub runs with HUB_AUTH_REQUIRE_EXP=0;
 * - `name`: display name in presence;
 * - `rooms`: the rooms it may read (without the claim: the hub's default rooms);
 * - `publish`: the rooms it may send indicators to (without the claim: none);
 * - `jti`: the token's id, for revoking this one token (hub operator API); optional.
 */
export const tokenClaimsSchema = z.object({
  sub: z.string().optional(),
  exp: z.number().optional(),
  name: displayNameClaimSchema.optional(),
  rooms: roomPatternsClaimSchema.optional(),
  publish: roomPatternsClaimSchema.optional(),
  jti: z.string().max(256).optional(),
});

export type TokenClaims = z.output<typeof tokenClaimsSchema>;

/**
 * What an issuer signs: `sub` and `exp` are required, since the hub refuses tokens without
 * `exp` by default and tells connections apart (and keeps refreshes honest) by `sub`.
 */
export const issuedTokenClaimsSchema = tokenClaimsSchema.required({ sub: true, exp: true });

export type IssuedTokenClaims = z.input<typeof issuedTokenClaimsSchema>;

/**
 * A verified token's payload → its claims. A claim of the wrong shape makes the whole token
 * invalid rather than absent: reading a broken `rooms` as missing would grant the default
 * rooms, which the issuer never meant to grant. Never throws.
 */
export function decodeTokenClaims(payload: unknown): Result<TokenClaims> {
  const parsed = tokenClaimsSchema.safeParse(payload);
  if (parsed.success) return ok(parsed.data);
  return fail({ code: ErrorCode.INVALID_TOKEN, message: describeIssues(parsed.error) });
}
