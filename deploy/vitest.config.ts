import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Builds (next build takes minutes on a busy 2-core machine) and real servers: generous
    // deadlines, and no assertion on how long anything took.
    testTimeout: 120_000,
    hookTimeout: 600_000,
    pool: "forks",
    // One file at a time: the bundle test and the Prometheus test each start several servers.
    fileParallelism: false,
  },
});
