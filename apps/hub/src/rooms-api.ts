import type { IncomingMessage, ServerResponse } from "node:http";
import { DEFAULT_EVENTS_PAGE, ErrorCode, isValidRoom, MAX_EVENTS_PAGE } from "@pulseboard/protocol";
import { authenticate, originAllowed } from "./auth/authenticate.js";
import type { TokenVerifier } from "./auth/verifier.js";
import type { BrokerEvent } from "./broker/broker.js";
import { PUBLISH_RETRY_AFTER_S } from "./defaults.js";
import { eventText } from "./delivery/event-text.js";
import type { HistoryReader } from "./history.js";
import { sendJson, sendJsonText } from "./http-responses.js";
import type { Logger } from "./logger.js";

export const ROOMS_PREFIX = "/api/v1/rooms/";
const ROUTE = /^\/api\/v1\/rooms\/([^/]+)\/(events|state)$/;
/** How long a browser may reuse a preflight's answer. */
const PREFLIGHT_MAX_AGE_S = 600;

export interface RoomsApiOptions {
  history: Pick<HistoryReader, "state" | "before">;
  /** Whether the broker can be read now (else 503, as the publish API). */
  ready: () => boolean;
  verifier: Pick<TokenVerifier, "enabled" | "verify" | "anonymous">;
  allowedOrigins: readonly string[] | undefined;
  logger: Logger;
}

/**
 * `GET /api/v1/rooms/{room}/events?limit=L&before=S` and `GET /api/v1/rooms/{room}/state?history=N`
 * (protocol README, "History"): a room's past over HTTP, for server-rendered first paint and
 * "load older". Admission is the upgrade's (auth/authenticate.ts): same token sources, same
 * 401/403 bodies, the token's room grants. Events are written exactly as the socket writes
 * them (delivery/event-text.ts: the producer's `data` text spliced in).
 *
 * CORS: browsers on another origin (the web app) may read these answers. With
 * HUB_ALLOWED_ORIGINS set, a listed Origin is echoed with credentials allowed (a cookie token
 * then works as on the socket) and any other Origin is refused 403, as the upgrade does;
 * without it, any Origin may read with a Bearer or `access_token` token (`*`, no cookies).
 */
export function createRoomsApi(options: RoomsApiOptions) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? "/", "http://hub.invalid");
    const origin = req.headers.origin;
    if (!originAllowed(origin, options.allowedOrigins)) {
      sendJson(res, 403, {
        error: "origin_not_allowed",
        message: `origin ${origin} is not allowed`,
      });
      return;
    }
    allowOrigin(res, origin, options.allowedOrigins);
    const match = ROUTE.exec(url.pathname);
    if (match === null) {
      sendJson(res, 404, { error: "not_found", message: `no route ${url.pathname}` });
      return;
    }
    if (req.method === "OPTIONS") {
      res.writeHead(204, {
        "access-control-allow-methods": "GET, HEAD, OPTIONS",
        "access-control-allow-headers": "authorization",
        "access-control-max-age": String(PREFLIGHT_MAX_AGE_S),
      });
      res.end();
      return;
    }
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.setHeader("allow", "GET, HEAD, OPTIONS");
      sendJson(res, 405, { error: "method_not_allowed", message: "use GET" });
      return;
    }
    const room = decodeRoom(match[1] ?? "");
    if (room === undefined) {
      sendJson(res, 400, {
        error: ErrorCode.BAD_ROOM,
        message: "room names match ^[A-Za-z0-9_:-]{1,64}$",
      });
      return;
    }
    const authenticated = await authenticate(options, req, url.searchParams);
    if (!authenticated.ok) {
      const { status, error, message } = authenticated;
      sendJson(res, status, { error, message });
      return;
    }
    if (!authenticated.principal.access.canRead(room)) {
      sendJson(res, 403, {
        error: ErrorCode.FORBIDDEN,
        message: `your token does not grant room ${room}`,
      });
      return;
    }
    if (!options.ready()) {
      unavailable(res);
      return;
    }
    try {
      if (match[2] === "events") await events(options, res, room, url.searchParams);
      else await state(options, res, room, url.searchParams);
    } catch (error) {
      options.logger.warn({ err: error, room }, "reading a room's history failed");
      unavailable(res);
    }
  };
}

async function events(
  options: RoomsApiOptions,
  res: ServerResponse,
  room: string,
  params: URLSearchParams,
): Promise<void> {
  const limit = wholeNumber(params.get("limit"), 1);
  const before = wholeNumber(params.get("before"), 1);
  if (limit === "bad" || before === "bad") {
    sendJson(res, 400, {
      error: "bad_request",
      message: "limit and before are positive integers",
    });
    return;
  }
  const count = Math.min(limit ?? DEFAULT_EVENTS_PAGE, MAX_EVENTS_PAGE);
  const page = await options.history.before(room, count, before);
  sendJsonText(
    res,
    200,
    `{"epoch":${JSON.stringify(page.epoch)},"events":${eventsText(page.events)},"more":${page.more}}`,
  );
}

async function state(
  options: RoomsApiOptions,
  res: ServerResponse,
  room: string,
  params: URLSearchParams,
): Promise<void> {
  const history = wholeNumber(params.get("history"), 0);
  if (history === "bad") {
    sendJson(res, 400, { error: "bad_request", message: "history is a non-negative integer" });
    return;
  }
  const found = await options.history.state([room], history);
  sendJsonText(
    res,
    200,
    `{"epoch":${JSON.stringify(found.epoch)},"seq":${found.boundary},"events":${eventsText(found.events)}}`,
  );
}

function eventsText(events: readonly BrokerEvent[]): string {
  return `[${events.map(eventText).join(",")}]`;
}

/** The room of the path: percent-decoded (clients may encode `:`), and valid, else undefined. */
function decodeRoom(segment: string): string | undefined {
  try {
    const room = decodeURIComponent(segment);
    return isValidRoom(room) ? room : undefined;
  } catch {
    return undefined;
  }
}

/** An optional whole-number parameter of at least `min`; "bad" for anything else. */
function wholeNumber(value: string | null, min: number): number | undefined | "bad" {
  if (value === null || value === "") return undefined;
  const number = Number(value);
  return /^\d+$/.test(value) && Number.isSafeInteger(number) && number >= min ? number : "bad";
}

/** CORS: see createRoomsApi. Answers vary by Origin, so caches must keep them apart. */
function allowOrigin(
  res: ServerResponse,
  origin: string | undefined,
  allowedOrigins: readonly string[] | undefined,
): void {
  res.setHeader("vary", "Origin");
  if (origin === undefined) return;
  if (allowedOrigins === undefined) {
    res.setHeader("access-control-allow-origin", "*");
    return;
  }
  res.setHeader("access-control-allow-origin", origin);
  res.setHeader("access-control-allow-credentials", "true");
}

function unavailable(res: ServerResponse): void {
  res.setHeader("retry-after", String(PUBLISH_RETRY_AFTER_S));
  sendJson(res, 503, { error: "unavailable", message: "the event stream cannot be read now" });
}
