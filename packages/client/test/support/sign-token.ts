import { createHmac } from "node:crypto";

export const TEST_SECRET = "client-test-secret-of-at-least-32-characters";

/** An HS256 JWT the hub accepts with HUB_AUTH_SECRET=TEST_SECRET, valid for `seconds`. */
export function signToken(seconds: number, claims: Record<string, unknown> = {}): string {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const exp = Math.floor(Date.now() / 1000) + seconds;
  const unsigned = `${encode({ alg: "HS256", typ: "JWT" })}.${encode({ sub: "dashboard", rooms: ["*"], exp, ...claims })}`;
  const signature = createHmac("sha256", TEST_SECRET).update(unsigned).digest("base64url");
  return `${unsigned}.${signature}`;
}
