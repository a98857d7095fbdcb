import { handleSignOut } from "../../../../lib/admin/sign-in";

/** Signs the operator out (forgets the session cookie). */
export function POST(request: Request): Response {
  return handleSignOut(request);
}
