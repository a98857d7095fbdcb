import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // Unit tests only: the Playwright specs in e2e/ run with `pnpm test:e2e`, never here.
    include: ["test/**/*.test.ts"],
    exclude: ["e2e/**", "node_modules/**", ".next/**"],
    environment: "node",
  },
});
