import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // The hub tests run real servers and sockets: generous timeouts, no timing assertions.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
  },
});
