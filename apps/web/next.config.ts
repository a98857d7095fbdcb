import { fileURLToPath } from "node:url";
import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // A self-contained server in .next/standalone (deploy/build.sh copies it into the web
  // bundle). Tracing starts at the monorepo root so the workspace packages and pnpm's
  // node_modules layout are followed. `next start` still works on the same build.
  output: "standalone",
  outputFileTracingRoot: fileURLToPath(new URL("../..", import.meta.url)),
  // The workspace packages are consumed from their TypeScript sources (exports → src/index.ts).
  transpilePackages: ["@pulseboard/client", "@pulseboard/protocol", "@pulseboard/ui"],
  experimental: {
    // Those sources import each other as `./file.js` (TypeScript's ESM convention). Webpack maps
    // that to the .ts/.tsx file; Turbopack cannot yet (vercel/next.js#82945), hence `--webpack`
    // in this package's dev and build scripts.
    extensionAlias: { ".js": [".ts", ".tsx", ".js"] },
  },
};

export default nextConfig;
