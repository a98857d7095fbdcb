import { readdirSync, readFileSync } from "node:fs";

/**
 * CPU and memory of a process and its descendants, read from Linux /proc: a peer that runs
 * as several processes (a cluster primary and its workers, a broker beside them) is charged
 * for all of them, as one process would be for its own threads.
 */

/** Clock ticks per second of /proc/<pid>/stat's utime and stime (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100;

export interface TreeUsage {
  /** Microseconds, the unit of process.cpuUsage(), so the rig treats every peer alike. */
  cpu: NodeJS.CpuUsage;
  rssBytes: number;
  pids: number[];
}

interface StatFields {
  ppid: number;
  userTicks: number;
  systemTicks: number;
}

function readStat(pid: number): StatFields | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command (field 2) may hold spaces and parentheses: fields are counted after its ")".
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return {
      ppid: Number(fields[1]),
      userTicks: Number(fields[11]),
      systemTicks: Number(fields[12]),
    };
  } catch {
    return undefined; // gone between the listing and the read
  }
}

function rssBytes(pid: number): number {
  try {
    const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
    return Number(kb ?? 0) * 1024;
  } catch {
    return 0;
  }
}

/** `root` and every process below it, at this moment. */
export function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    const stat = readStat(pid);
    if (stat === undefined) continue;
    const siblings = children.get(stat.ppid) ?? [];
    siblings.push(pid);
    children.set(stat.ppid, siblings);
  }
  const tree: number[] = [];
  const queue = [root];
  while (queue.length > 0) {
    const pid = queue.shift() as number;
    tree.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return tree;
}

/**
 * User and system CPU, and RSS, summed over `pids`. CPU of a process that exited is lost (it
 * is not waited for here), so callers read the same, long-lived tree before and after.
 */
export function treeUsage(pids: readonly number[]): TreeUsage {
  let user = 0;
  let system = 0;
  let rss = 0;
  for (const pid of pids) {
    const stat = readStat(pid);
    if (stat === undefined) continue;
    user += stat.userTicks;
    system += stat.systemTicks;
    rss += rssBytes(pid);
  }
  const usPerTick = 1e6 / TICKS_PER_SECOND;
  return {
    cpu: { user: user * usPerTick, system: system * usPerTick },
    rssBytes: rss,
    pids: [...pids],
  };
}
