import {
  DEFAULT_ROOM,
  isValidRoom,
  MAX_ROOMS_PER_REQUEST,
  MIN_HS256_SECRET_LENGTH,
} from "@pulseboard/protocol";
import { signDevToken } from "./dev-token";
import { announceDevTokens, devTokensEnabled } from "./dev-token-switch";
import {
  DEV_VIEWER_COOKIE,
  DEV_VIEWER_COOKIE_MAX_AGE_S,
  newDevViewer,
  readCookie,
  viewerFromCookieValue,
} from "./dev-viewer";
import { type Env, readVar } from "./env";

/** The body of every answer of the token endpoint. */
export type TokenResponseBody =
  | { token: string; exp: number; rooms: string[] }
  | { token: null; message: string }
  | { error: TokenErrorCode; message: string };

export type TokenErrorCode = "dev_tokens_disabled" | "bad_secret" | "bad_rooms";

/**
 * `GET /api/token?rooms=global,dashboard:42` → a short-lived HS256 JWT for those rooms, for
 * this browser's development viewer (cookie `pulseboard_dev_viewer`, set on first use).
 *
 * - 200 `{token, exp, rooms}`.
 * - 200 `{token: null, message}` without HUB_AUTH_SECRET: no token is needed (the hub runs with
 *   HUB_AUTH=none, as under `pnpm dev`), so the dashboard connects without one.
 * - 404 `dev_tokens_disabled` outside development (NODE_ENV other than development or test)
 *   without PULSEBOARD_DEV_TOKENS=1: the endpoint does not exist there.
 * - 400 `bad_rooms`; 500 `bad_secret` (shorter than the hub accepts).
 *
 * Never cached.
 */
export async function handleTokenRequest(
  request: Request,
  env: Env,
  now: () => number = Date.now,
): Promise<Response> {
  if (!devTokensEnabled(env)) {
    return reply(404, {
      error: "dev_tokens_disabled",
      message:
        "development tokens are off outside development; set PULSEBOARD_DEV_TOKENS=1 to enable them",
    });
  }
  announceDevTokens(env);
  const secret = readVar(env, "HUB_AUTH_SECRET");
  if (secret === undefined) {
    return reply(200, {
      token: null,
      message:
        "HUB_AUTH_SECRET is not set: no token is issued (a hub with HUB_AUTH=none needs none)",
    });
  }
  if (secret.length < MIN_HS256_SECRET_LENGTH) {
    return reply(500, {
      error: "bad_secret",
      message: `HUB_AUTH_SECRET must be at least ${MIN_HS256_SECRET_LENGTH} characters, as the hub requires`,
    });
  }
  const rooms = parseRooms(new URL(request.url).searchParams.get("rooms"));
  if (!rooms.ok) return reply(400, { error: "bad_rooms", message: rooms.message });

  const known = viewerFromCookieValue(readCookie(request.headers.get("cookie"), DEV_VIEWER_COOKIE));
  const fresh = known === undefined ? newDevViewer() : undefined;
  const viewer = known ?? fresh?.viewer;
  const { token, exp } = await signDevToken({
    secret,
    rooms: rooms.value,
    now: Math.floor(now() / 1000),
    subject: viewer?.id,
    name: viewer?.name,
    issuer: readVar(env, "HUB_AUTH_ISSUER"),
    audience: readVar(env, "HUB_AUTH_AUDIENCE"),
  });
  const response = reply(200, { token, exp, rooms: rooms.value });
  if (fresh !== undefined) {
    response.headers.append(
      "set-cookie",
      `${DEV_VIEWER_COOKIE}=${fresh.cookieValue}; Path=/; Max-Age=${DEV_VIEWER_COOKIE_MAX_AGE_S}; SameSite=Lax; HttpOnly`,
    );
  }
  return response;
}

/** `rooms` query parameter: a comma list of exact room names (no patterns); default `global`. */
export function parseRooms(
  raw: string | null,
): { ok: true; value: string[] } | { ok: false; message: string } {
  if (raw === null || raw.trim() === "") return { ok: true, value: [DEFAULT_ROOM] };
  const rooms = [...new Set(raw.split(",").map((room) => room.trim()))];
  if (rooms.length > MAX_ROOMS_PER_REQUEST) {
    return { ok: false, message: `at most ${MAX_ROOMS_PER_REQUEST} rooms per token` };
  }
  const invalid = rooms.find((room): boolean => !isValidRoom(room));
  if (invalid !== undefined) {
    return { ok: false, message: `not a room name: ${JSON.stringify(invalid.slice(0, 80))}` };
  }
  return { ok: true, value: rooms };
}

function reply(status: number, body: TokenResponseBody): Response {
  return Response.json(body, { status, headers: { "cache-control": "no-store" } });
}
