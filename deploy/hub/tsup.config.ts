import { defineConfig } from "tsup";

/**
 * The hub's production bundle (deploy/build.sh runs this from deploy/): unlike the
 * workspace build (apps/hub/tsup.config.ts), every dependency is bundled in, so the output
 * folder runs with `node main.js` and no node_modules at all. Run with the output folder in
 * PULSEBOARD_HUB_OUT.
 */
const outDir = process.env.PULSEBOARD_HUB_OUT;
if (outDir === undefined || outDir === "") {
  throw new Error("PULSEBOARD_HUB_OUT names the output folder (deploy/build.sh sets it)");
}

export default defineConfig({
  entry: { main: "../apps/hub/src/main.ts", "publish-event": "../apps/hub/src/cli/publish.ts" },
  outDir,
  format: ["esm"],
  platform: "node",
  target: "node20",
  sourcemap: true,
  clean: true,
  splitting: true,
  noExternal: [/.*/],
  // CommonJS dependencies (pino, prom-client, ws) call require() for Node's own modules; an
  // ES module has no require, so the bundle gets one.
  banner: {
    js: 'import { createRequire as __pulseboardCreateRequire } from "node:module"; const require = __pulseboardCreateRequire(import.meta.url);',
  },
});
