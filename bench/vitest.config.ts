import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // Unit tests of the statistics and report code; the benchmark itself is `pnpm bench`.
    include: ["test/**/*.test.ts"],
  },
});
