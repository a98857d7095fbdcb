import { readdirSync, readFileSync } from "node:fs";

/** What /proc says of a process and of the machine, for scripts that watch a server under load. */

/** Resident memory of `pid` in MiB; NaN when unknown (the process is gone, or no /proc). */
export function rssMiB(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN;
  try {
    const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
    return Number(kb) / 1024;
  } catch {
    return Number.NaN;
  }
}

/** Open file descriptors of `pid`; NaN when unknown. */
export function openFds(pid: number): number {
  try {
    return readdirSync(`/proc/${pid}/fd`).length;
  } catch {
    return Number.NaN;
  }
}

/** The 1, 5 and 15 minute load averages, as "a / b / c". */
export function loadAverage(): string {
  return readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" / ");
}
