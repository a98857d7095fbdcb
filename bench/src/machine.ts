import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, realpathSync } from "node:fs";
import { cpus, hostname, loadavg, release, totalmem } from "node:os";
import { dirname, join } from "node:path";
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
 * A digest of the hub's and protocol's sources, taken at the start and the end of a run: the
 * peer runs the working tree, so a change in between means figures from two versions.
 */
export function hubSourceDigest(): string {
  const hash = createHash("sha256");
  const roots = ["../apps/hub/src", "../packages/protocol/src"].map((dir) => join(BENCH_DIR, dir));
  const walk = (dir: string): void => {
    let entries: import("node:fs").Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) hash.update(path).update(readFileSync(path));
    }
  };
  for (const root of roots) walk(root);
  return hash.digest("hex").slice(0, 12);
}

export function machineInfo(): MachineInfo {
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
    hubSourceStart: hubSourceDigest(),
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
