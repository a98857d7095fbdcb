import { readFileSync } from "node:fs";
import { decodeTokenClaims } from "@pulseboard/protocol";
import {
  createLocalJWKSet,
  createRemoteJWKSet,
  errors,
  type JSONWebKeySet,
  type JWTPayload,
  type JWTVerifyGetKey,
  jwtVerify,
} from "jose";
import type { Principal } from "./principal.js";
import { RoomAccess } from "./room-access.js";

/**
 * Open mode's principal, one object for every connection (nothing changes a principal; a
 * `refresh` replaces it): an idle connection should not carry a copy of it.
 */
const ANONYMOUS: Principal = Object.freeze({
  subject: undefined,
  access: RoomAccess.everything(),
  name: undefined,
  publish: RoomAccess.everything(),
  exp: undefined,
});
export interface AuthSettings {
  mode: "none" | "jwt";
  /** HS256 shared secret. */
  secret: string | undefined;
  /** JWKS for RS256/ES256/...: an http(s) URL or a file path. */
  jwks: string | undefined;
  issuer: string | undefined;
  audience: string | undefined;
  /** Clock skew tolerated on `exp`/`nbf`, seconds. */
  leewaySeconds: number;
  /** Refuse tokens without `exp` (default); off for long-lived service tokens. */
  requireExp: boolean;
  /** Rooms a token without a `rooms` claim may read. */
  defaultRooms: readonly string[];
}

export type VerifyResult =
  | { ok: true; principal: Principal }
  | { ok: false; code: "invalid_token" | "token_expired" | "token_revoked"; message: string };

/** True when an operator revoked this principal's token or user (operator/deny-list.ts). */
export type RevocationCheck = (principal: Principal) => boolean;

const ASYMMETRIC_ALGORITHMS = ["RS256", "RS384", "RS512", "PS256", "ES256", "ES384", "EdDSA"];

/**
 * Verifies bearer tokens with `jose`. One instance per hub; a remote JWKS is fetched lazily and
 * cached (with jose's cooldown), so key rotation at the issuer is picked up without a restart.
 */
export class TokenVerifier {
  private constructor(
    private readonly settings: AuthSettings,
    private readonly key: Uint8Array | JWTVerifyGetKey | undefined,
    private readonly revoked: RevocationCheck | undefined,
  ) {}

  /** Reads a JWKS file at once (a bad file stops the start); a JWKS URL is fetched on first use. */
  static create(settings: AuthSettings, revoked?: RevocationCheck): TokenVerifier {
    if (settings.mode === "none") return new TokenVerifier(settings, undefined, undefined);
    if (settings.secret !== undefined) {
      return new TokenVerifier(settings, new TextEncoder().encode(settings.secret), revoked);
    }
    if (settings.jwks === undefined) throw new Error("HUB_AUTH_SECRET or HUB_JWKS is required");
    if (/^https?:\/\//i.test(settings.jwks)) {
      return new TokenVerifier(settings, createRemoteJWKSet(new URL(settings.jwks)), revoked);
    }
    const keys = JSON.parse(readFileSync(settings.jwks, "utf8")) as JSONWebKeySet;
    return new TokenVerifier(settings, createLocalJWKSet(keys), revoked);
  }

  get enabled(): boolean {
    return this.settings.mode === "jwt";
  }

  /** The principal for open mode: every room, publishing anywhere, no name, no expiry. */
  anonymous(): Principal {
    return ANONYMOUS;
  }

  async verify(token: string): Promise<VerifyResult> {
    if (this.key === undefined) return { ok: true, principal: this.anonymous() };
    try {
      const options = {
        issuer: this.settings.issuer,
        audience: this.settings.audience,
        clockTolerance: this.settings.leewaySeconds,
        algorithms: this.key instanceof Uint8Array ? ["HS256"] : ASYMMETRIC_ALGORITHMS,
        requiredClaims: this.settings.requireExp ? ["exp"] : [],
      };
      const { payload } =
        this.key instanceof Uint8Array
          ? await jwtVerify(token, this.key, options)
          : await jwtVerify(token, this.key, options);
      return this.toPrincipal(payload);
    } catch (error) {
      if (error instanceof errors.JWTExpired) {
        return { ok: false, code: "token_expired", message: "the token has expired" };
      }
      if (error instanceof errors.JWTClaimValidationFailed && error.claim === "exp") {
        return {
          ok: false,
          code: "invalid_token",
          message: "the token has no valid exp (expiry); this hub accepts only expiring tokens",
        };
      }
      const reason = error instanceof errors.JOSEError ? error.code : "malformed";
      return { ok: false, code: "invalid_token", message: `the token is not valid (${reason})` };
    }
  }

  /** The claims are defined once, in the protocol (`tokenClaimsSchema`), for issuers too. */
  private toPrincipal(payload: JWTPayload): VerifyResult {
    const claims = decodeTokenClaims(payload);
    if (!claims.ok) {
      const message = `the token's claims are not valid (${claims.error.message})`;
      return { ok: false, code: "invalid_token", message };
    }
    const { sub, rooms, name, publish, exp, jti } = claims.value;
    const principal: Principal = {
      subject: sub,
      access: RoomAccess.of(rooms ?? this.settings.defaultRooms),
      name,
      publish: RoomAccess.of(publish ?? []),
      exp,
      ...(jti === undefined ? {} : { jti }),
    };
    if (this.revoked?.(principal)) {
      return { ok: false, code: "token_revoked", message: "the token was revoked by an operator" };
    }
    return { ok: true, principal };
  }
}
