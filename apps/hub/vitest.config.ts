import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Real servers and sockets on a shared 2-core machine: tests wait for outcomes with generous
    // deadlines and assert what happened, never how long it took (durations belong in bench/).
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
  },
});
