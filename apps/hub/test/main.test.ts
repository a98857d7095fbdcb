import { spawnHub } from "@pulseboard/testkit";
import { describe, expect, it } from "vitest";

describe("hub process", () => {
  it("refuses to start with a bad variable, naming it, with exit code 2", async () => {
    await expect(spawnHub({ HUB_PORT: "eighty", HUB_QUEUE_SIZE: "0" })).rejects.toThrow(
      /exited \(2\)[\s\S]*HUB_PORT: expected a whole number \(got "eighty"\)[\s\S]*HUB_QUEUE_SIZE/,
    );
  });

  it("prints its URL and serves health checks", async () => {
    const hub = await spawnHub();
    try {
      expect(hub.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect((await fetch(`${hub.url}/healthz`)).status).toBe(200);
      expect(hub.output()).toMatch(/"msg":"hub listening"/);
    } finally {
      hub.kill("SIGTERM");
      await hub.exited;
    }
  });
});
