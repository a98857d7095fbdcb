import type { RoomAccess } from "./room-access.js";

/** Who is on the other end of a connection, as far as the hub needs to know. */
export interface Principal {
  /** The token's `sub`; undefined in open mode. */
  subject: string | undefined;
  access: RoomAccess;
  /** Display name for presence: the token's `name` claim; undefined without one. */
  name: string | undefined;
  /** Rooms it may `publish` indicators to: the token's `publish` claim (none without it). */
  publish: RoomAccess;
  /**
   * Token expiry, seconds since 1970; undefined when it never expires (open mode, or a token
   * without `exp` under HUB_AUTH_REQUIRE_EXP=0).
   */
  exp: number | undefined;
  /** The token's `jti`, when it has one (revocation of one token). */
  jti?: string;
}
