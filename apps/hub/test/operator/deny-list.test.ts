import { describe, expect, it } from "vitest";
import { createLogger } from "../../src/logger.js";
import { DenyList } from "../../src/operator/deny-list.js";
import { ProcessDenyStore } from "../../src/operator/deny-store.js";
import { Revocations } from "../../src/operator/revocations.js";

describe("deny list", () => {
  it("denies a user or one token until the tokens it covers have expired, then forgets it", () => {
    let now = 1_000;
    const list = new DenyList(() => now);
    list.add({ kind: "sub", value: "mallory", until: 1_060 });
    list.add({ kind: "jti", value: "t1", until: 1_010 });
    expect(list.denies({ subject: "mallory", jti: undefined })).toBe(true);
    expect(list.denies({ subject: "alice", jti: "t1" })).toBe(true);
    expect(list.denies({ subject: "alice", jti: "t2" })).toBe(false);
    now = 1_010;
    expect(list.denies({ subject: "alice", jti: "t1" })).toBe(false);
    list.prune();
    expect(list.size).toBe(1);
    now = 1_060;
    expect(list.denies({ subject: "mallory", jti: undefined })).toBe(false);
    expect(list.add({ kind: "sub", value: "old", until: 1_000 })).toBe(false);
  });

  it("makes entries last until the tokens' exp plus leeway, at most HUB_REVOKE_MAX_S", () => {
    const revocations = new Revocations({
      openStore: async () => new ProcessDenyStore(),
      clients: () => [],
      logger: createLogger("silent"),
      maxSeconds: 3_600,
      leewaySeconds: 5,
      now: () => 1_000,
    });
    expect(revocations.entryFor("jti", "t", 1_100).until).toBe(1_105);
    expect(revocations.entryFor("jti", "t", 99_999).until).toBe(4_605);
    expect(revocations.entryFor("sub", "u", undefined).until).toBe(4_605);
  });
});
