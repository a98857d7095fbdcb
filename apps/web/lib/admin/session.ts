import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import type { AdminConfig } from "./config";

/** The operator's session cookie: HttpOnly, SameSite=Strict, Path=/ (SECURITY.md). */
export const OPERATOR_COOKIE = "pulseboard_operator";

/** An operator signs in again after this long. */
export const OPERATOR_SESSION_SECONDS = 8 * 60 * 60;

/**
 * The cookie's value: `<exp>.<HMAC-SHA256(exp)>`, keyed by a digest of the admin token and the
 * password, so changing either signs every operator out. It holds no secret and names no
 * one: it only proves this server issued it after the right password, until `exp`.
 */
export function issueSession(config: AdminConfig, nowMs: number): string {
  const exp = Math.floor(nowMs / 1000) + OPERATOR_SESSION_SECONDS;
  return `${exp}.${mac(config, String(exp))}`;
}

export function validSession(config: AdminConfig, value: string | undefined, nowMs: number) {
  if (value === undefined) return false;
  const match = /^(\d{1,12})\.([A-Za-z0-9_-]{43})$/.exec(value);
  if (match === null) return false;
  const [, exp = "", presented = ""] = match;
  if (Number(exp) * 1000 <= nowMs) return false;
  return sameText(presented, mac(config, exp));
}

/** Compares digests in constant time, so neither content nor length leaks through timing. */
export function sameText(presented: string, expected: string): boolean {
  return timingSafeEqual(digest(presented), digest(expected));
}

function mac(config: AdminConfig, exp: string): string {
  const key = createHash("sha256")
    .update(`pulseboard-operator-session\0${config.adminToken}\0${config.password}`)
    .digest();
  return createHmac("sha256", key).update(exp).digest("base64url");
}

function digest(text: string): Buffer {
  return createHash("sha256").update(text).digest();
}

/** The `Set-Cookie` value for a session, or (value undefined) one that deletes it. */
export function sessionCookie(value: string | undefined, secure: boolean): string {
  const attributes = ["Path=/", "HttpOnly", "SameSite=Strict", ...(secure ? ["Secure"] : [])];
  const maxAge = value === undefined ? 0 : OPERATOR_SESSION_SECONDS;
  return [`${OPERATOR_COOKIE}=${value ?? ""}`, `Max-Age=${maxAge}`, ...attributes].join("; ");
}
