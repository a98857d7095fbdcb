import { webEnv } from "../env";

/** The environment variables a helper reads; passed in explicitly so tests can vary them. */
export type Env = Readonly<Record<string, string | undefined>>;

/**
 * The server's environment, read at request time through the app's schema (`env.ts`). Kept
 * under this name for the token route, which imports it from here.
 */
export function serverEnv(): Env {
  return webEnv();
}

/** An environment variable's value, with empty or blank values counting as unset. */
export function readVar(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === "" ? undefined : value;
}
