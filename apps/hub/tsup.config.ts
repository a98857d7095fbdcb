import { defineConfig } from "tsup";

// Workspace packages are consumed from source; bundle them into the hub so `node dist/main.js`
// runs without a TypeScript loader. Third-party dependencies stay external.
export default defineConfig({
  entry: ["src/main.ts", "src/cli/publish.ts"],
  format: ["esm"],
  platform: "node",
  target: "node20",
  sourcemap: true,
  clean: true,
  noExternal: [/^@pulseboard\//],
});
