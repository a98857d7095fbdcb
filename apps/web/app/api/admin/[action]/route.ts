import { handleAdminAction } from "../../../../lib/admin/admin-actions";
import { serverEnv } from "../../../../lib/env";

interface Context {
  params: Promise<{ action: string }>;
}

/** The admin page's data and actions, proxied to the hub's operator API (lib/admin/). */
export async function GET(request: Request, context: Context): Promise<Response> {
  return handleAdminAction(request, (await context.params).action, serverEnv());
}

export async function POST(request: Request, context: Context): Promise<Response> {
  return handleAdminAction(request, (await context.params).action, serverEnv());
}
