import type { RoomAccess } from "./room-access.js";

/** Who is on the other end of a connection, as far as the hub needs to know. */
export interface Principal {
  /** The token's `sub`; undefined in open mode. */
  subject: string | undefined;
  access: RoomAccess;
  /** Token expiry, seconds since 1970; undefined when it never expires (open mode). */
  exp: number | undefined;
}
