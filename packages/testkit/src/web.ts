import { createRequire } from "node:module";
import { join } from "node:path";
import { WEB_DIR } from "./paths.js";
import { type StartedProcess, startNodeServer } from "./processes.js";

/** `next start` of the existing production build on 127.0.0.1:`port`. */
export async function startWeb(
  port: number,
  env: Record<string, string>,
  logFile: string,
): Promise<StartedProcess> {
  const nextBin = createRequire(join(WEB_DIR, "package.json")).resolve("next/dist/bin/next");
  return startNodeServer({
    args: [nextBin, "start", "-H", "127.0.0.1", "-p", String(port)],
    cwd: WEB_DIR,
    env: { NEXT_TELEMETRY_DISABLED: "1", ...env },
    logFile,
    // `next start` renames its process to "next-server (vX)" once it runs.
    match: [nextBin, "next-server"],
    // The token route answering proves the server is up and has its secret.
    readyUrl: `http://127.0.0.1:${port}/api/token?rooms=global`,
    readyTimeoutMs: 60_000,
  });
}
