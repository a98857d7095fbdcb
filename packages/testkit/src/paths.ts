import { join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The workspace's layout. The kit starts the apps as processes from their directories (it
 * imports none of them: a package never depends on an app).
 */
export const REPO_DIR = fileURLToPath(new URL("../../..", import.meta.url));
/** apps/web, where the Playwright config lives and `next start` runs. */
export const WEB_DIR = join(REPO_DIR, "apps", "web");
export const HUB_DIR = join(REPO_DIR, "apps", "hub");
/** The hub's production bundle (`pnpm --filter @pulseboard/hub build`). */
export const HUB_BUNDLE = join(HUB_DIR, "dist", "main.js");
