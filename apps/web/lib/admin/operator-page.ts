import { cookies } from "next/headers";
import { notFound } from "next/navigation";
import { webEnv } from "../../env";
import { type AdminConfig, adminConfig } from "./config";
import { OPERATOR_COOKIE, validSession } from "./session";

/**
 * For the admin pages, on the server: the admin configuration (else 404: the page does not
 * exist on this server) and whether this request carries a valid operator session.
 */
export async function operatorPageAccess(): Promise<{ config: AdminConfig; signedIn: boolean }> {
  const config = adminConfig(webEnv());
  if (config === undefined) notFound();
  const session = (await cookies()).get(OPERATOR_COOKIE)?.value;
  return { config, signedIn: validSession(config, session, Date.now()) };
}
