import { isValidRoom } from "@pulseboard/protocol";
import { z } from "zod";
import type { Env } from "../env";
import { adminJson, operatorGate } from "./gate";
import { forwardToHub } from "./hub-proxy";

/** What `/api/admin/<action>` may ask of the hub: nothing beyond this list. */
const ACTIONS = {
  hubs: { method: "GET", path: "/api/v1/admin/hubs", query: [] },
  rooms: { method: "GET", path: "/api/v1/admin/rooms", query: [] },
  connections: { method: "GET", path: "/api/v1/admin/connections", query: ["room", "user"] },
  presence: { method: "GET", path: "/api/v1/presence", query: ["room"] },
  disconnect: { method: "POST", path: "/api/v1/admin/disconnect", query: [] },
  revoke: { method: "POST", path: "/api/v1/admin/revoke", query: [] },
} as const satisfies Record<string, { method: "GET" | "POST"; path: string; query: string[] }>;

type Action = keyof typeof ACTIONS;

const BODIES: Partial<Record<Action, z.ZodType>> = {
  disconnect: z
    .object({ connection: z.string().min(1).max(128) })
    .strict()
    .or(z.object({ user: z.string().min(1).max(256) }).strict()),
  revoke: z
    .object({ sub: z.string().min(1).max(256) })
    .strict()
    .or(z.object({ jti: z.string().min(1).max(256) }).strict()),
};

/** Largest request body an admin action takes. */
const MAX_BODY_BYTES = 4_096;

/**
 * `/api/admin/<action>` (GET or POST): an operator's request, checked (operatorGate), then
 * made to the hub's operator API with the admin token by this server.
 */
export async function handleAdminAction(
  request: Request,
  action: string,
  env: Env,
  fetchImpl: typeof fetch = fetch,
): Promise<Response> {
  const gate = operatorGate(request, env);
  if (!gate.ok) return gate.response;
  if (!Object.hasOwn(ACTIONS, action)) {
    return adminJson(404, { error: "not_found", message: `no admin action ${action}` });
  }
  const spec = ACTIONS[action as Action];
  if (request.method !== spec.method) {
    return new Response(
      JSON.stringify({ error: "method_not_allowed", message: `use ${spec.method}` }),
      {
        status: 405,
        headers: {
          allow: spec.method,
          "content-type": "application/json",
          "cache-control": "no-store",
        },
      },
    );
  }
  const query = new URLSearchParams();
  const asked = new URL(request.url).searchParams;
  for (const name of spec.query) {
    const value = asked.get(name);
    if (value !== null && value !== "") query.set(name, value);
  }
  if (action === "presence" && !isValidRoom(query.get("room") ?? "")) {
    return adminJson(400, { error: "bad_request", message: "?room= names a room" });
  }
  const path = query.size > 0 ? `${spec.path}?${query}` : spec.path;
  if (spec.method === "GET") return forwardToHub(gate.config, path, { method: "GET" }, fetchImpl);

  const body = await readBody(request, BODIES[action as Action]);
  if (!body.ok) return adminJson(400, { error: "bad_request", message: body.message });
  return forwardToHub(gate.config, path, { method: "POST", body: body.value }, fetchImpl);
}

async function readBody(
  request: Request,
  schema: z.ZodType | undefined,
): Promise<{ ok: true; value: unknown } | { ok: false; message: string }> {
  const text = await request.text();
  if (text.length > MAX_BODY_BYTES) return { ok: false, message: "the body is too large" };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { ok: false, message: "the body is not JSON" };
  }
  const checked = schema?.safeParse(parsed);
  if (checked !== undefined && !checked.success) {
    return {
      ok: false,
      message:
        'send {"connection":id} or {"user":sub} (disconnect), {"sub":user} or {"jti":id} (revoke)',
    };
  }
  return { ok: true, value: checked?.data ?? parsed };
}
