import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Real servers and sockets: generous per-test timeouts, no timing assertions.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
  },
});
