import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** apps/web, where the Playwright config lives and `next start` runs. */
export const WEB_DIR = fileURLToPath(new URL("../..", import.meta.url));
export const REPO_DIR = join(WEB_DIR, "..", "..");
export const HUB_DIR = join(REPO_DIR, "apps", "hub");
/** The hub's production bundle (`pnpm --filter @pulseboard/hub build`). */
export const HUB_BUNDLE = join(HUB_DIR, "dist", "main.js");
