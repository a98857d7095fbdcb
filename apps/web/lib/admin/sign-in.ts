import type { Env } from "../env";
import { adminConfig } from "./config";
import { adminJson, sameOrigin } from "./gate";
import { issueSession, sameText, sessionCookie } from "./session";

/**
 * `POST /api/admin/session` from the sign-in form (`password`): the right password sets the
 * operator cookie and goes to /admin; a wrong one goes back to the form, with no cookie.
 * Answers 404 while the admin page is off, 403 to a form posted from another site.
 */
export async function handleSignIn(request: Request, env: Env, nowMs = Date.now()) {
  const config = adminConfig(env);
  if (config === undefined) {
    return adminJson(404, { error: "admin_disabled", message: "the admin page is off" });
  }
  if (!sameOrigin(request)) {
    return adminJson(403, { error: "cross_origin", message: "sign in from this site's form" });
  }
  let password = "";
  try {
    const form = await request.formData();
    const field = form.get("password");
    password = typeof field === "string" ? field : "";
  } catch {
    // Not a form: treated as a wrong password.
  }
  if (!sameText(password, config.password)) return seeOther("/admin/login?failed=1");
  const response = seeOther("/admin");
  response.headers.append(
    "set-cookie",
    sessionCookie(issueSession(config, nowMs), isHttps(request)),
  );
  return response;
}

/** `POST /api/admin/logout`: forgets the operator cookie. */
export function handleSignOut(request: Request): Response {
  if (!sameOrigin(request)) {
    return adminJson(403, { error: "cross_origin", message: "sign out from this site's pages" });
  }
  const response = seeOther("/admin/login");
  response.headers.append("set-cookie", sessionCookie(undefined, isHttps(request)));
  return response;
}

/** 303: the browser follows with a GET, so a reload does not post the password again. */
function seeOther(location: string): Response {
  return new Response(null, { status: 303, headers: { location, "cache-control": "no-store" } });
}

function isHttps(request: Request): boolean {
  return (
    new URL(request.url).protocol === "https:" ||
    request.headers.get("x-forwarded-proto") === "https"
  );
}
