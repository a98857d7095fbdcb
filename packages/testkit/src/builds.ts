import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { REPO_DIR, WEB_DIR } from "./paths.js";

/**
 * The builds a stack runs from (the e2e suite, the browser benchmark). The hub bundle takes about two seconds, so it is always
 * rebuilt. `next build` takes about a minute on two cores, so it is skipped when `.next` holds a
 * build of exactly the current sources: after a build, a fingerprint (a hash of the content of
 * every file the build reads from the workspace, and the lockfile) is written next to it, and a
 * later run rebuilds unless `.next/BUILD_ID` exists and the fingerprint still matches. A build
 * made without this suite has no fingerprint and is rebuilt once. PULSEBOARD_E2E_BUILD=always
 * forces a build, =never skips it (for iterating on specs against a build you just made).
 */

const NEXT_DIR = join(WEB_DIR, ".next");
const FINGERPRINT_FILE = join(NEXT_DIR, "pulseboard-e2e-fingerprint");

const SOURCE_DIRS = [
  "apps/web/app",
  "apps/web/components",
  "apps/web/lib",
  "packages/client/src",
  "packages/protocol/src",
  "packages/ui/src",
];
const SOURCE_FILES = [
  "apps/web/env.ts",
  "apps/web/instrumentation.ts",
  "apps/web/next.config.ts",
  "apps/web/package.json",
  "apps/web/tsconfig.json",
  "packages/client/package.json",
  "packages/protocol/package.json",
  "packages/ui/package.json",
  "tooling/typescript/base.json",
  "pnpm-lock.yaml",
];

export function webSourceFingerprint(): string {
  const files = [
    ...SOURCE_FILES.map((file) => join(REPO_DIR, file)),
    ...SOURCE_DIRS.flatMap((dir) => listFiles(join(REPO_DIR, dir))),
  ].filter((file) => existsSync(file));
  const hash = createHash("sha256");
  for (const file of files.sort()) {
    hash.update(relative(REPO_DIR, file));
    hash.update("\0");
    hash.update(readFileSync(file));
    hash.update("\0");
  }
  return hash.digest("hex");
}

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listFiles(path));
    else if (entry.isFile()) out.push(path);
  }
  return out;
}

export function webBuildIsCurrent(fingerprint: string): boolean {
  if (!existsSync(join(NEXT_DIR, "BUILD_ID")) || !existsSync(FINGERPRINT_FILE)) return false;
  return readFileSync(FINGERPRINT_FILE, "utf8").trim() === fingerprint;
}

function run(label: string, args: string[], logFile: string): void {
  const started = Date.now();
  const result = spawnSync("pnpm", args, {
    cwd: REPO_DIR,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: "1" },
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  writeFileSync(logFile, `${result.stdout ?? ""}${result.stderr ?? ""}`);
  if (result.status !== 0) {
    const output = `${result.stdout ?? ""}${result.stderr ?? ""}`.slice(-4_000);
    throw new Error(
      `${label} failed (${result.error?.message ?? `exit ${result.status}`}):\n${output}`,
    );
  }
  log(`${label}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

export function buildHub(logDir: string): void {
  run("hub build", ["--filter", "@pulseboard/hub", "build"], join(logDir, "build-hub.log"));
}

export function buildWebIfNeeded(logDir: string): void {
  const mode = process.env.PULSEBOARD_E2E_BUILD ?? "auto";
  if (mode === "never") {
    if (!existsSync(join(NEXT_DIR, "BUILD_ID"))) {
      throw new Error("PULSEBOARD_E2E_BUILD=never but apps/web/.next holds no production build");
    }
    log("web build: skipped (PULSEBOARD_E2E_BUILD=never)");
    return;
  }
  const before = webSourceFingerprint();
  if (mode !== "always" && webBuildIsCurrent(before)) {
    const builtAt = statSync(join(NEXT_DIR, "BUILD_ID")).mtime.toISOString();
    log(`web build: up to date (built ${builtAt}), not rebuilding`);
    return;
  }
  run(
    "web build (next build --webpack)",
    ["--filter", "@pulseboard/web", "build"],
    join(logDir, "build-web.log"),
  );
  // Sources edited during the build make the fingerprint stale: the next run builds again.
  writeFileSync(FINGERPRINT_FILE, `${before}\n`);
}

export function log(message: string): void {
  process.stdout.write(`[e2e] ${message}\n`);
}
