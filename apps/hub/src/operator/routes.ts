import type { IncomingMessage, ServerResponse } from "node:http";
import { isValidRoom } from "@pulseboard/protocol";
import { z } from "zod";
import type { TokenVerifier } from "../auth/verifier.js";
import type { EventStream } from "../broker/broker.js";
import { sendJson } from "../http-responses.js";
import type { ClusterBus, Gathered } from "./cluster-bus.js";
import { bearerToken, type OperatorCredential } from "./credential.js";
import { readJsonBody } from "./http-body.js";
import { hubsRoute } from "./hub-status.js";
import { connectionFilterSchema } from "./local-ops.js";
import type { Revocations } from "./revocations.js";
import { mergeRooms } from "./room-listing.js";

export const ADMIN_PREFIX = "/api/v1/admin/";
export const PRESENCE_PATH = "/api/v1/presence";

export interface OperatorRoutesOptions {
  /** HUB_ADMIN_TOKEN; unset turns the operator API off (404). */
  credential: OperatorCredential | undefined;
  verifier: Pick<TokenVerifier, "enabled" | "verify">;
  cluster: ClusterBus;
  /** Members of a room over every hub (presence). */
  members: (room: string) => unknown[];
  stream: Pick<EventStream, "publish">;
  revocations: Pick<Revocations, "entryFor" | "record">;
}

type Handler = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void>;

const disconnectSchema = z
  .object({ connection: z.string().min(1).max(128) })
  .or(z.object({ user: z.string().min(1).max(256) }));
const revokeSchema = z
  .object({ sub: z.string().min(1).max(256) })
  .or(z.object({ jti: z.string().min(1).max(256) }))
  .and(z.object({ exp: z.number().int().positive().optional() }));
const broadcastSchema = z.object({
  room: z.string().refine(isValidRoom, "a room name"),
  reason: z.string().max(500).optional(),
});

/** `/api/v1/admin/*` and `/api/v1/presence` (see apps/hub/README.md, "Operator API"). */
export function createOperatorRoutes(options: OperatorRoutesOptions) {
  const routes: Record<string, { method: "GET" | "POST"; handle: Handler }> = {
    connections: { method: "GET", handle: (_req, res, url) => connections(options, res, url) },
    rooms: { method: "GET", handle: (_req, res) => rooms(options, res) },
    hubs: { method: "GET", handle: (_req, res) => hubsRoute(options.cluster, res) },
    disconnect: { method: "POST", handle: (req, res) => disconnectRoute(options, req, res) },
    broadcast: { method: "POST", handle: (req, res) => broadcast(options, req, res) },
    revoke: { method: "POST", handle: (req, res) => revoke(options, req, res) },
  };

  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? "/", "http://hub.invalid");
    if (options.credential === undefined) {
      sendJson(res, 404, {
        error: "not_found",
        message: "the operator API is off (HUB_ADMIN_TOKEN)",
      });
      return;
    }
    const token = bearerToken(req);
    const operator = options.credential.matches(token);
    if (url.pathname === PRESENCE_PATH) {
      await presence(options, res, url, operator, token);
      return;
    }
    const route = routes[url.pathname.slice(ADMIN_PREFIX.length)];
    if (route === undefined) {
      sendJson(res, 404, { error: "not_found", message: `no route ${url.pathname}` });
      return;
    }
    if (!operator) {
      await refuse(options, res, token);
      return;
    }
    if (req.method !== route.method) {
      res.setHeader("allow", route.method);
      sendJson(res, 405, { error: "method_not_allowed", message: `use ${route.method}` });
      return;
    }
    await route.handle(req, res, url);
  };
}

/** 403 for a valid viewer token (it is not an operator's), 401 for anything else. */
async function refuse(
  options: OperatorRoutesOptions,
  res: ServerResponse,
  token: string | undefined,
): Promise<void> {
  if (
    token !== undefined &&
    options.verifier.enabled &&
    (await options.verifier.verify(token)).ok
  ) {
    sendJson(res, 403, { error: "forbidden", message: "this needs the operator credential" });
    return;
  }
  res.setHeader("www-authenticate", 'Bearer realm="pulseboard-admin"');
  sendJson(res, 401, { error: "unauthorized", message: "the operator Bearer token is required" });
}

function hubsOf(gathered: Gathered) {
  return { hubs: gathered.answers.map((answer) => answer.hub), missing: gathered.missing };
}

async function connections(options: OperatorRoutesOptions, res: ServerResponse, url: URL) {
  const filter = connectionFilterSchema.safeParse({
    room: url.searchParams.get("room") ?? undefined,
    user: url.searchParams.get("user") ?? undefined,
  });
  if (!filter.success) {
    sendJson(res, 400, { error: "bad_request", message: "room and user are short strings" });
    return;
  }
  const gathered = await options.cluster.gather("connections", filter.data);
  const list = gathered.answers.flatMap(({ hub, result }) =>
    Array.isArray(result) ? result.map((connection: object) => ({ hub, ...connection })) : [],
  );
  sendJson(res, 200, { ...hubsOf(gathered), connections: list });
}

async function rooms(options: OperatorRoutesOptions, res: ServerResponse) {
  const gathered = await options.cluster.gather("rooms", {});
  sendJson(res, 200, { ...hubsOf(gathered), rooms: mergeRooms(gathered) });
}

async function disconnectRoute(
  options: OperatorRoutesOptions,
  req: IncomingMessage,
  res: ServerResponse,
) {
  const body = disconnectSchema.safeParse(await readJsonBody(req));
  if (!body.success) {
    sendJson(res, 400, { error: "bad_request", message: 'send {"connection":id} or {"user":sub}' });
    return;
  }
  const gathered = await options.cluster.gather("disconnect", body.data);
  sendJson(res, 200, { ...hubsOf(gathered), closed: closedOf(gathered) });
}

/** The connections the hubs closed, summed over their answers. */
function closedOf(gathered: Gathered): number {
  let closed = 0;
  for (const { result } of gathered.answers) {
    const count = (result as { closed?: unknown } | null)?.closed;
    if (typeof count === "number") closed += count;
  }
  return closed;
}

/** Stores the entry first (it must outlive this request), then every hub closes what it covers. */
async function revoke(options: OperatorRoutesOptions, req: IncomingMessage, res: ServerResponse) {
  const body = revokeSchema.safeParse(await readJsonBody(req));
  if (!body.success) {
    sendJson(res, 400, {
      error: "bad_request",
      message: 'send {"sub":user} or {"jti":token id}, with "exp" (the tokens\' expiry) if known',
    });
    return;
  }
  const entry =
    "sub" in body.data
      ? options.revocations.entryFor("sub", body.data.sub, body.data.exp)
      : options.revocations.entryFor("jti", body.data.jti, body.data.exp);
  try {
    await options.revocations.record(entry);
  } catch {
    res.setHeader("retry-after", "1");
    sendJson(res, 503, { error: "unavailable", message: "the deny list could not be stored" });
    return;
  }
  const gathered = await options.cluster.gather("revoke", entry);
  sendJson(res, 200, { ...hubsOf(gathered), entry, closed: closedOf(gathered) });
}

async function broadcast(
  options: OperatorRoutesOptions,
  req: IncomingMessage,
  res: ServerResponse,
) {
  const body = broadcastSchema.safeParse(await readJsonBody(req));
  if (!body.success) {
    sendJson(res, 400, { error: "bad_request", message: 'send {"room":name,"reason"?:text}' });
    return;
  }
  const { room, reason } = body.data;
  const data = {
    requested_at: new Date().toISOString(),
    requested_by: "operator",
    ...(reason === undefined ? {} : { reason }),
  };
  try {
    const { seqs } = await options.stream.publish([{ type: "dashboard_refresh", room, data }]);
    sendJson(res, 200, { seq: seqs[0] });
  } catch {
    res.setHeader("retry-after", "1");
    sendJson(res, 503, { error: "unavailable", message: "the broker did not accept the event" });
  }
}

/** Presence of a room: for operators, and for viewers whose token may read the room. */
async function presence(
  options: OperatorRoutesOptions,
  res: ServerResponse,
  url: URL,
  operator: boolean,
  token: string | undefined,
) {
  const room = url.searchParams.get("room") ?? "";
  if (!isValidRoom(room)) {
    sendJson(res, 400, { error: "bad_request", message: "?room= names a room" });
    return;
  }
  if (!operator && options.verifier.enabled) {
    const verified = token === undefined ? undefined : await options.verifier.verify(token);
    if (verified === undefined || !verified.ok) {
      await refuse(options, res, undefined);
      return;
    }
    if (!verified.principal.access.canRead(room)) {
      sendJson(res, 403, { error: "forbidden", message: `your token does not grant room ${room}` });
      return;
    }
  }
  sendJson(res, 200, { room, members: options.members(room) });
}
