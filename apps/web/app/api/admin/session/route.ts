import { handleSignIn } from "../../../../lib/admin/sign-in";
import { serverEnv } from "../../../../lib/env";

/** The operator sign-in form posts here (lib/admin/sign-in.ts, SECURITY.md "Operator access"). */
export function POST(request: Request): Promise<Response> {
  return handleSignIn(request, serverEnv());
}
