import { defineConfig } from "vitest/config";

// Real processes on a shared 2-core machine: a nats-server can take seconds to be ready.
export default defineConfig({ test: { testTimeout: 30_000 } });
