import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { type Dirent, readdirSync, readFileSync, realpathSync } from "node:fs";
import { cpus, hostname, loadavg, release, totalmem } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { openFileLimit } from "./capacity.js";
import type { MachineInfo } from "./results.js";

const BENCH_DIR = fileURLToPath(new URL("..", import.meta.url));

function readVersion(packageDir: string): string {
  try {
    const json = JSON.parse(readFileSync(join(packageDir, "package.json"), "utf8")) as {
      version?: string;
    };
    return json.version ?? "unknown";
  } catch {
    return "unknown";
  }
}

/** pnpm keeps a package's dependencies beside it: …/node_modules/<dep>. */
function dependencyDir(packageDir: string, name: string): string {
  try {
    return join(dirname(realpathSync(packageDir)), name);
  } catch {
    return join(packageDir, "..", name);
  }
}

function safe(read: () => string, fallback = "unknown"): string {
  try {
    return read().trim();
  } catch {
    return fallback;
  }
}

/**
 * The hub's and protocol's sources, file by file (path → short hash). The peer runs the
 * working tree, so the run compares them at its start and end: a change means Pulseboard's
 * figures may come from two versions.
 */
export function hubSources(): Map<string, string> {
  const files = new Map<string, string>();
  const repo = join(BENCH_DIR, "..");
  const walk = (dir: string): void => {
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) {
        const hash = createHash("sha256").update(readFileSync(path)).digest("hex");
        files.set(relative(repo, path), hash.slice(0, 12));
      }
    }
  };
  walk(join(repo, "apps/hub/src"));
  walk(join(repo, "packages/protocol/src"));
  return files;
}

/** One digest for a set of files. */
export function digestOf(files: Map<string, string>): string {
  const hash = createHash("sha256");
  for (const path of [...files.keys()].sort()) hash.update(`${path} ${files.get(path)}\n`);
  return hash.digest("hex").slice(0, 12);
}

/** Files added, removed or modified between two `hubSources()` readings. */
export function sourceChanges(before: Map<string, string>, after: Map<string, string>): string[] {
  const changes: string[] = [];
  for (const [path, hash] of after) {
    if (!before.has(path)) changes.push(`${path} (added)`);
    else if (before.get(path) !== hash) changes.push(`${path} (modified)`);
  }
  for (const path of before.keys()) if (!after.has(path)) changes.push(`${path} (removed)`);
  return changes.sort();
}

export function machineInfo(sources: Map<string, string>): MachineInfo {
  const modules = join(BENCH_DIR, "node_modules");
  const socketIo = join(modules, "socket.io");
  const engineIo = dependencyDir(socketIo, "engine.io");
  return {
    date: new Date().toISOString(),
    hostname: hostname(),
    cpuModel: cpus()[0]?.model ?? "unknown",
    cores: cpus().length,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    kernel: release(),
    node: process.version,
    versions: {
      "@pulseboard/hub": readVersion(join(modules, "@pulseboard", "hub")),
      ws: readVersion(join(modules, "ws")),
      "socket.io": readVersion(socketIo),
      "engine.io": readVersion(engineIo),
      "ws (in engine.io)": readVersion(dependencyDir(engineIo, "ws")),
    },
    openFileLimit: openFileLimit(),
    ephemeralPorts: safe(() =>
      readFileSync("/proc/sys/net/ipv4/ip_local_port_range", "utf8").replace(/\s+/, "–"),
    ),
    loadAverageStart: loadavg(),
    hubSourceStart: digestOf(sources),
    gitCommit: safe(() => {
      const head = execFileSync("git", ["rev-parse", "--short", "HEAD"], {
        cwd: BENCH_DIR,
        encoding: "utf8",
      });
      const dirty = execFileSync("git", ["status", "--porcelain"], {
        cwd: BENCH_DIR,
        encoding: "utf8",
      });
      return `${head.trim()}${dirty.trim() === "" ? "" : " (with uncommitted changes)"}`;
    }),
  };
}
