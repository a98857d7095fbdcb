import type { ConnectionState } from "@pulseboard/client";
import { CloseCode } from "@pulseboard/protocol";
import type { Reachability } from "./hub-probe";
import type { TokenFetchError, TokenOutcome } from "./token-source";

/** Consecutive failed attempts before a dashboard shows an error instead of "reconnecting". */
export const FAILURES_BEFORE_ERROR = 3;

export interface ProblemInput {
  state: ConnectionState;
  hubUrl: string;
  /** The last token request's failure, if the last request failed. */
  tokenError: TokenFetchError | undefined;
  /** Whether the last token request produced a token. */
  tokenOutcome: TokenOutcome | undefined;
  /** Result of probing the hub's HTTP side after repeated failures. */
  reachability: Reachability | undefined;
}

export interface Problem {
  /** `revoked` and `disconnected`: an operator's doing (close 4003, 4010), not a fault. */
  kind: "auth" | "refused" | "unreachable" | "revoked" | "disconnected";
  title: string;
  message: string;
  detail?: string;
}

/**
 * What to tell the user when the dashboard cannot get data, or undefined while things are
 * fine or still being retried (a few failures are normal: the badge shows the countdown).
 */
export function connectionProblem(input: ProblemInput): Problem | undefined {
  const { state } = input;
  const operatorAction = operatorClose(state);
  if (operatorAction !== undefined) return operatorAction;
  if (state.status !== "reconnecting" && state.status !== "connecting") return undefined;
  const failures = state.attempt;

  if (input.tokenError !== undefined) {
    const { status, code } = input.tokenError;
    return {
      kind: "auth",
      title: "Could not get an access token",
      message: `The dashboard asks this web app for a token to read its room, and that failed: ${input.tokenError.message}`,
      detail:
        [status === undefined ? undefined : `HTTP ${status}`, code].filter(Boolean).join(" · ") ||
        undefined,
    };
  }
  if (state.status !== "reconnecting" || failures < FAILURES_BEFORE_ERROR) return undefined;

  const close = state.lastClose;
  const closeDetail =
    close === undefined
      ? undefined
      : `last close code ${close.code}${close.reason ? ` (${close.reason})` : ""}`;
  if (close?.code === CloseCode.TOKEN_EXPIRED) {
    return {
      kind: "auth",
      title: "Access token expired",
      message:
        "The hub closed the connection because the token expired, and no newer token could be used.",
      detail: closeDetail,
    };
  }
  if (input.reachability === "unreachable") {
    return {
      kind: "unreachable",
      title: "Hub unreachable",
      message: `Nothing answers at ${input.hubUrl}. Is the hub running (pnpm dev starts it), and is NEXT_PUBLIC_HUB_URL right?`,
      detail: closeDetail,
    };
  }
  if (input.reachability === "reachable") {
    return {
      kind: "refused",
      title: "The hub refused the connection",
      message:
        input.tokenOutcome === "issued"
          ? "The hub is running but rejects this dashboard: the token may not grant this dashboard's room, or be invalid for the hub (HUB_AUTH_SECRET differs between the web app and the hub); this page's origin may not be in HUB_ALLOWED_ORIGINS, or a connection limit was reached."
          : "The hub is running but rejects this dashboard, most likely because it requires a token and none was sent. This web app issues development tokens only when HUB_AUTH_SECRET is set (and, in production, PULSEBOARD_DEV_TOKENS=1); otherwise run the hub with HUB_AUTH=none.",
      detail: closeDetail,
    };
  }
  return {
    kind: "unreachable",
    title: "Cannot connect to the hub",
    message: `${failures} attempts to reach ${input.hubUrl} failed; retrying.`,
    detail: closeDetail,
  };
}

/**
 * An operator closed the connection: said at once, in a banner, not only by the badge's dot.
 * 4003 is final (the client never reconnects); after 4010 it reconnects by itself in 10–20 s.
 */
function operatorClose(state: ConnectionState): Problem | undefined {
  const close =
    state.status === "revoked" || state.status === "reconnecting" ? state.lastClose : undefined;
  const detail = `close code ${close?.code}`;
  if (state.status === "revoked") {
    const message =
      "An operator revoked this dashboard's access, so it has stopped receiving data and will not reconnect. Reload the page to ask for access again.";
    return { kind: "revoked", title: "Access revoked", message, detail };
  }
  if (close?.code !== CloseCode.DISCONNECTED) return undefined;
  const message =
    "An operator closed this dashboard's connection. It reconnects by itself shortly (the countdown is beside the live badge), or now with Retry.";
  return { kind: "disconnected", title: "Disconnected by an operator", message, detail };
}
