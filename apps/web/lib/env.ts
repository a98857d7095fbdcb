/** The environment variables the web app reads; passed in explicitly so tests can vary them. */
export type Env = Readonly<Record<string, string | undefined>>;

/**
 * The server's environment, read at request time. Going through a variable (not
 * `process.env.NAME`) keeps Next.js from inlining build-time values, so `next start` honours
 * the environment it is started with.
 */
export function serverEnv(): Env {
  const env = process.env;
  return env;
}

/** An environment variable's value, with empty or blank values counting as unset. */
export function readVar(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === "" ? undefined : value;
}
