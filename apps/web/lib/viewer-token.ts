import { MIN_HS256_SECRET_LENGTH } from "@pulseboard/protocol";
import { signDevToken } from "./dev-token";
import { devTokensEnabled } from "./dev-token-switch";
import { DEV_VIEWER_COOKIE, viewerFromCookieValue } from "./dev-viewer";
import { type Env, readVar } from "./env";

/** The cookie a real login sets for the hub (the hub reads it on the upgrade too). */
export const LOGIN_TOKEN_COOKIE = "token";

/**
 * Lifetime of the token this server signs for its own reads of the hub (`/state` while
 * rendering, `/events` for "load older"): one request, so a minute is plenty.
 */
export const SERVER_READ_TOKEN_TTL_SECONDS = 60;

/**
 * The token this server reads the hub with on behalf of the viewer whose request it serves:
 * the viewer's own login token (cookie `token`), else, where this app issues development
 * tokens (see the token route), one signed for this browser's development viewer and `rooms`
 * only; else none (a hub with HUB_AUTH=none needs none). So a server render shows exactly
 * what the viewer's own socket would be allowed to read.
 */
export async function serverViewerToken(
  env: Env,
  cookie: (name: string) => string | undefined,
  rooms: readonly string[],
  now: number = Date.now(),
): Promise<string | undefined> {
  const login = cookie(LOGIN_TOKEN_COOKIE)?.trim();
  if (login !== undefined && login !== "") return login;
  if (!devTokensEnabled(env)) return undefined;
  const secret = readVar(env, "HUB_AUTH_SECRET");
  if (secret === undefined || secret.length < MIN_HS256_SECRET_LENGTH) return undefined;
  const viewer = viewerFromCookieValue(cookie(DEV_VIEWER_COOKIE));
  const { token } = await signDevToken({
    secret,
    rooms,
    now: Math.floor(now / 1000),
    ttlSeconds: SERVER_READ_TOKEN_TTL_SECONDS,
    subject: viewer?.id,
    name: viewer?.name,
    issuer: readVar(env, "HUB_AUTH_ISSUER"),
    audience: readVar(env, "HUB_AUTH_AUDIENCE"),
  });
  return token;
}
