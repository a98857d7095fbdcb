import { isValidRoom } from "@pulseboard/protocol";
import { webEnv } from "../../../../../../env";
import { readCookie } from "../../../../../../lib/dev-viewer";
import { hubHttpUrl, hubUrlFrom } from "../../../../../../lib/hub-url";
import { serverViewerToken } from "../../../../../../lib/viewer-token";

/**
 * "Load older" for the dashboards: the hub's `GET /api/v1/rooms/{room}/events?limit&before`,
 * read by this server with the viewer's token (lib/viewer-token.ts) and answered as the hub
 * answered, so the browser needs neither a token of its own nor CORS on the hub.
 */
export async function GET(
  request: Request,
  { params }: { params: Promise<{ room: string }> },
): Promise<Response> {
  const { room } = await params;
  if (!isValidRoom(room)) return reply(400, { error: "bad_room", message: "not a room name" });
  const env = webEnv();
  const hub = hubUrlFrom(env);
  if (!hub.ok) return reply(500, { error: "bad_hub_url", message: hub.message });
  const header = request.headers.get("cookie");
  const token = await serverViewerToken(env, (name) => readCookie(header, name), [room]);
  const url = new URL(hubHttpUrl(hub.url, `/api/v1/rooms/${encodeURIComponent(room)}/events`));
  const query = new URL(request.url).searchParams;
  for (const name of ["limit", "before"]) {
    const value = query.get(name);
    if (value !== null) url.searchParams.set(name, value);
  }
  try {
    const answer = await fetch(url, {
      headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
      cache: "no-store",
      signal: AbortSignal.timeout(10_000),
    });
    return new Response(await answer.text(), {
      status: answer.status,
      headers: { "content-type": "application/json", "cache-control": "no-store" },
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return reply(502, { error: "hub_unreachable", message });
  }
}

function reply(status: number, body: { error: string; message: string }): Response {
  return Response.json(body, { status, headers: { "cache-control": "no-store" } });
}
