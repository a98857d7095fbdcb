import { execFileSync } from "node:child_process";
import { readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { loadavg } from "node:os";
import { join } from "node:path";
import { REPO_DIR, WEB_DIR } from "@pulseboard/testkit";
import { hubSources, machineInfo } from "../machine.js";

/** Where and with what the browser benchmark ran. */
export interface BrowserMachine {
  date: string;
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  kernel: string;
  node: string;
  gitCommit: string;
  versions: Record<string, string>;
  /** Sources the web build reads that had uncommitted changes (another person's work, say). */
  uncommittedWebSources: string[];
  /** When the production build the run served was made. */
  webBuiltAt: string;
  loadAverageStart: number[];
  loadAverageEnd?: number[];
}

/** The directories whose files go into the web build (as the test kit's builds.ts fingerprints them). */
const WEB_SOURCE_DIRS = [
  "apps/web",
  "packages/client",
  "packages/protocol",
  "packages/ui",
  "pnpm-lock.yaml",
];

export function browserMachine(chromiumVersion: string): BrowserMachine {
  const m = machineInfo(hubSources());
  const fromWeb = createRequire(join(WEB_DIR, "package.json"));
  const version = (name: string): string => {
    try {
      const file = fromWeb.resolve(`${name}/package.json`);
      return (JSON.parse(readFileSync(file, "utf8")) as { version?: string }).version ?? "unknown";
    } catch {
      return "unknown";
    }
  };
  return {
    date: m.date,
    cpuModel: m.cpuModel,
    cores: m.cores,
    memoryGiB: m.memoryGiB,
    kernel: m.kernel,
    node: m.node,
    gitCommit: m.gitCommit,
    versions: {
      Chromium: chromiumVersion,
      Next: version("next"),
      React: version("react"),
      "react-dom": version("react-dom"),
      "@playwright/test": version("@playwright/test"),
    },
    uncommittedWebSources: uncommittedWebSources(),
    webBuiltAt: builtAt(),
    loadAverageStart: loadavg(),
  };
}

function uncommittedWebSources(): string[] {
  try {
    const out = execFileSync("git", ["status", "--porcelain", "--", ...WEB_SOURCE_DIRS], {
      cwd: REPO_DIR,
      encoding: "utf8",
    });
    const dirs = new Set<string>();
    for (const line of out.split("\n")) {
      const path = line.slice(3).trim();
      if (path === "") continue;
      dirs.add(WEB_SOURCE_DIRS.find((dir) => path.startsWith(dir)) ?? path);
    }
    return [...dirs].sort();
  } catch {
    return ["unknown (git failed)"];
  }
}

function builtAt(): string {
  try {
    return statSync(join(WEB_DIR, ".next", "BUILD_ID")).mtime.toISOString();
  } catch {
    return "unknown";
  }
}
