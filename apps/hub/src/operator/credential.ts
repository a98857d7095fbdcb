import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";

/** The Bearer token of a request, trimmed; undefined without an `Authorization: Bearer` header. */
export function bearerToken(req: IncomingMessage): string | undefined {
  const match = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? "");
  return match?.[1]?.trim();
}

/**
 * The operator credential (HUB_ADMIN_TOKEN). Compared by SHA-256 digest in constant time, so
 * neither the token's content nor its length leaks through timing (as the publish token).
 */
export class OperatorCredential {
  private readonly expected: Buffer;

  constructor(token: string) {
    this.expected = digest(token);
  }

  matches(presented: string | undefined): boolean {
    if (presented === undefined) return false;
    return timingSafeEqual(digest(presented), this.expected);
  }
}

function digest(token: string): Buffer {
  return createHash("sha256").update(token).digest();
}
