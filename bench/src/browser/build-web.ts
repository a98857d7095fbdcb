import { buildWebIfNeeded } from "@pulseboard/testkit";

/**
 * Child process: the web build exactly as the e2e suite decides it (skipped when `.next` holds
 * a build of the current sources; PULSEBOARD_E2E_BUILD=always|never overrides). It runs `next
 * build` synchronously, so it runs here, where the parent can bound it and kill it by PID.
 */
const logDir = process.argv[2];
if (logDir === undefined) throw new Error("usage: build-web.ts <log directory>");
buildWebIfNeeded(logDir);
