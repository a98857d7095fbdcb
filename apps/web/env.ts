import { z } from "zod";

/**
 * Every environment variable the web app reads, in one schema (create-t3-turbo's `env.ts`),
 * split by who may see the value. Each is also declared in this app's `turbo.json`, so turbo's
 * cache keys and strict env mode know about it (test/env.test.ts checks both lists agree).
 */

/** A blank value counts as unset: `NAME=` in a .env or compose file means "not set". */
const text = z.preprocess(
  (value) => (typeof value === "string" && value.trim() !== "" ? value.trim() : undefined),
  z.string().optional(),
);

/** Server code only: secrets and switches that must never reach a browser bundle. */
export const serverSchema = z.object({
  /** Set by Next.js (`development` under `next dev`, `production` under `next start`). */
  NODE_ENV: text,
  /** HS256 secret shared with the hub; unset → the token route issues no tokens. */
  HUB_AUTH_SECRET: text,
  /** Added to development tokens as `iss` / `aud` when the hub checks them. */
  HUB_AUTH_ISSUER: text,
  HUB_AUTH_AUDIENCE: text,
  /** `1` turns the development token route on outside `next dev`. */
  PULSEBOARD_DEV_TOKENS: text,
  /**
   * The admin page (`/admin`, SECURITY.md "Operator access"): the hub's HUB_ADMIN_TOKEN, held by
   * this server only and sent to the hub by the `/api/admin/*` routes; the password operators
   * sign in with; and the hub's HTTP address (default: next to NEXT_PUBLIC_HUB_URL). Without
   * the token and the password the admin page does not exist (404).
   */
  PULSEBOARD_ADMIN_TOKEN: text,
  PULSEBOARD_OPERATOR_PASSWORD: text,
  PULSEBOARD_ADMIN_HUB_URL: text,
});

/**
 * Public values (`NEXT_PUBLIC_`): safe for a browser to know. They are still read on the
 * server at request time and handed to client components as props, never inlined at build,
 * so `next start` honours the environment it is started with.
 */
export const clientSchema = z.object({
  /** The hub's WebSocket endpoint; checked, with an error naming it, by lib/hub-url.ts. */
  NEXT_PUBLIC_HUB_URL: text,
});

export const envSchema = serverSchema.extend(clientSchema.shape);

export type WebEnv = z.infer<typeof envSchema>;

/** The declared variables of `source`, blank ones unset; undeclared ones are left out. */
export function readEnv(source: Readonly<Record<string, string | undefined>>): WebEnv {
  return envSchema.parse(source);
}

/**
 * The running server's environment, read on every call. Going through a variable (not
 * `process.env.NAME`) keeps Next.js from inlining build-time values.
 */
export function webEnv(): WebEnv {
  const source = process.env;
  return readEnv(source);
}
