import type { ConnectionState } from "@pulseboard/client";
import { describe, expect, it } from "vitest";
import {
  connectionProblem,
  FAILURES_BEFORE_ERROR,
  type ProblemInput,
} from "../lib/connection-problem";
import { TokenFetchError } from "../lib/token-source";

const HUB = "ws://127.0.0.1:8080/ws";

function input(state: ConnectionState, extra: Partial<ProblemInput> = {}): ProblemInput {
  return {
    state,
    hubUrl: HUB,
    tokenError: undefined,
    tokenOutcome: "none",
    reachability: undefined,
    ...extra,
  };
}

const failing = (attempt: number, code = 1006): ConnectionState => ({
  status: "reconnecting",
  attempt,
  nextTryAt: 0,
  lastClose: { code, reason: "" },
});

describe("connectionProblem", () => {
  it("reports nothing while open, offline or after a few failures", () => {
    expect(connectionProblem(input({ status: "open", connectionId: "c" }))).toBeUndefined();
    expect(connectionProblem(input({ status: "offline" }))).toBeUndefined();
    expect(connectionProblem(input({ status: "connecting", attempt: 0 }))).toBeUndefined();
    expect(connectionProblem(input(failing(FAILURES_BEFORE_ERROR - 1)))).toBeUndefined();
  });

  it("says at once that an operator disconnected the dashboard (4010), until it reconnects", () => {
    const problem = connectionProblem(input(failing(1, 4010)));
    expect(problem).toMatchObject({ kind: "disconnected", title: "Disconnected by an operator" });
    expect(connectionProblem(input({ status: "connecting", attempt: 1 }))).toBeUndefined();
  });

  it("says at once, for good, that an operator revoked the dashboard's access (4003)", () => {
    const revoked: ConnectionState = {
      status: "revoked",
      lastClose: { code: 4003, reason: "token revoked" },
    };
    expect(connectionProblem(input(revoked))).toMatchObject({
      kind: "revoked",
      title: "Access revoked",
      detail: "close code 4003",
    });
  });

  it("reports a token failure at once", () => {
    const problem = connectionProblem(
      input(failing(1), { tokenError: new TokenFetchError(500, "bad_secret", "too short") }),
    );
    expect(problem).toMatchObject({ kind: "auth", detail: "HTTP 500 · bad_secret" });
    expect(problem?.message).toContain("too short");
  });

  it("tells an unreachable hub from one that refuses the connection", () => {
    expect(
      connectionProblem(input(failing(FAILURES_BEFORE_ERROR), { reachability: "unreachable" })),
    ).toMatchObject({
      kind: "unreachable",
      title: "Hub unreachable",
      detail: "last close code 1006",
    });

    const refused = connectionProblem(
      input(failing(FAILURES_BEFORE_ERROR), { reachability: "reachable", tokenOutcome: "none" }),
    );
    expect(refused).toMatchObject({ kind: "refused" });
    expect(refused?.message).toContain("none was sent");

    const badToken = connectionProblem(
      input(failing(FAILURES_BEFORE_ERROR), { reachability: "reachable", tokenOutcome: "issued" }),
    );
    expect(badToken?.message).toContain("HUB_AUTH_SECRET differs");
    // The browser cannot tell a token without the room from a bad one: both are named.
    expect(badToken?.message).toContain("may not grant this dashboard's room");
  });

  it("names an expired token", () => {
    expect(connectionProblem(input(failing(FAILURES_BEFORE_ERROR, 4001)))).toMatchObject({
      kind: "auth",
      title: "Access token expired",
    });
  });

  it("stays generic until the probe has answered", () => {
    expect(connectionProblem(input(failing(FAILURES_BEFORE_ERROR + 2)))).toMatchObject({
      kind: "unreachable",
      title: "Cannot connect to the hub",
    });
  });
});
