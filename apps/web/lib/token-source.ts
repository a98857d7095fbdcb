import type { TokenResponseBody } from "./token-endpoint";

/** The token endpoint answered with something other than a token or "no token needed". */
export class TokenFetchError extends Error {
  constructor(
    readonly status: number | undefined,
    readonly code: string | undefined,
    message: string,
  ) {
    super(message);
    this.name = "TokenFetchError";
  }
}

export type TokenOutcome = "issued" | "none";

/** What the token endpoint said. */
export type TokenResult =
  /** A token for the rooms. */
  | { kind: "issued"; token: string }
  /** `{token: null}`: no secret is configured; the hub is expected to need no token. */
  | { kind: "not-needed" }
  /** 404: there is no such endpoint (dev tokens are off in production). */
  | { kind: "no-endpoint" };

/**
 * Asks the web app's token endpoint for a token for `rooms`. Without a token (`not-needed`,
 * `no-endpoint`) the dashboard connects without one: the hub may run with HUB_AUTH=none, or a
 * `token` cookie from a real login may do. Anything else throws a `TokenFetchError`, which the
 * connection treats as a failed attempt and retries with backoff.
 */
export async function fetchToken(
  tokenUrl: string,
  rooms: readonly string[],
  fetchImpl: typeof fetch = fetch,
): Promise<TokenResult> {
  const url = `${tokenUrl}?rooms=${encodeURIComponent(rooms.join(","))}`;
  let response: Response;
  try {
    response = await fetchImpl(url, { cache: "no-store", credentials: "same-origin" });
  } catch (error) {
    throw new TokenFetchError(undefined, undefined, `token request failed: ${describe(error)}`);
  }
  const body = (await response.json().catch(() => undefined)) as TokenResponseBody | undefined;
  if (response.status === 404) return { kind: "no-endpoint" };
  if (response.ok && body !== undefined && "token" in body) {
    if (typeof body.token === "string") return { kind: "issued", token: body.token };
    if (body.token === null) return { kind: "not-needed" };
  }
  const code = body !== undefined && "error" in body ? body.error : undefined;
  const message = body !== undefined && "message" in body ? body.message : response.statusText;
  throw new TokenFetchError(response.status, code, message || `HTTP ${response.status}`);
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
