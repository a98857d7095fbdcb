import { type Env, readVar } from "./env";

/**
 * Whether this server hands out development tokens (/api/token). Only `next dev` and tests do
 * on their own; any other server — `next start`, or one whose NODE_ENV nobody set — needs
 * `PULSEBOARD_DEV_TOKENS=1`, and says so loudly (see devTokensWarning).
 */
export function devTokensEnabled(env: Env): boolean {
  return isDevelopment(env) || readVar(env, "PULSEBOARD_DEV_TOKENS") === "1";
}

/** The warning a server with development tokens switched on outside development must log. */
export function devTokensWarning(env: Env): string | undefined {
  if (isDevelopment(env) || !devTokensEnabled(env)) return undefined;
  const mode = readVar(env, "NODE_ENV") ?? "unset";
  return (
    `WARNING: PULSEBOARD_DEV_TOKENS=1 on a server with NODE_ENV=${mode}: /api/token signs a ` +
    "token for any room to anyone who can reach this web app. Use it for local tests and " +
    "demos only, never in a deployment; there, unset it and let your login issue tokens."
  );
}

let announced = false;

/**
 * Logs devTokensWarning once per process: at start-up (instrumentation.ts) and, should that
 * hook not run, at the first token request.
 */
export function announceDevTokens(env: Env, log: (message: string) => void = console.warn): void {
  const warning = devTokensWarning(env);
  if (warning === undefined || announced) return;
  announced = true;
  log(warning);
}

function isDevelopment(env: Env): boolean {
  const mode = readVar(env, "NODE_ENV");
  return mode === "development" || mode === "test";
}
