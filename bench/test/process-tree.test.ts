import { type ChildProcess, spawn } from "node:child_process";
import { afterEach, describe, expect, it } from "vitest";
import { processTree, treeUsage } from "../src/peers/process-tree.js";

/**
 * The NATS peers charge the hub for its primary and every worker: a process tree read from
 * /proc, against real processes (a child that starts a grandchild which spins).
 */
let parent: ChildProcess | undefined;

afterEach(() => {
  for (const pid of parent?.pid ? processTree(parent.pid) : []) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // gone
    }
  }
  parent = undefined;
});

/**
 * A parent that starts one grandchild, which spins until it has used `spinMs` of CPU (not of
 * wall time: a loaded machine only makes it take longer), then idles; prints its PID.
 */
function startFamily(spinMs: number): Promise<{ parentPid: number; grandchildPid: number }> {
  const grandchild = `while (process.cpuUsage().user < ${spinMs * 1000}) {} setInterval(() => {}, 1000);`;
  const script = `
    const { spawn } = require("node:child_process");
    const child = spawn(process.execPath, ["-e", ${JSON.stringify(grandchild)}], { stdio: "ignore" });
    console.log(child.pid);
    setInterval(() => {}, 1000);
  `;
  parent = spawn(process.execPath, ["-e", script], { stdio: ["ignore", "pipe", "inherit"] });
  const started = parent;
  return new Promise((resolve, reject) => {
    started.stdout?.once("data", (chunk: Buffer) =>
      resolve({ parentPid: started.pid as number, grandchildPid: Number(String(chunk).trim()) }),
    );
    started.once("exit", (code) => reject(new Error(`parent exited (${code})`)));
  });
}

describe("processTree and treeUsage", () => {
  it("finds a process's descendants and sums their CPU and RSS", async () => {
    const { parentPid, grandchildPid } = await startFamily(800);
    const tree = processTree(parentPid);
    expect(tree[0]).toBe(parentPid);
    expect(tree).toContain(grandchildPid);
    expect(processTree(grandchildPid)).toEqual([grandchildPid]);

    const cpuMs = (pids: number[]) => {
      const { cpu } = treeUsage(pids);
      return (cpu.user + cpu.system) / 1000;
    };
    // The grandchild's 800 ms of CPU are the tree's; the idle parent alone has only its start.
    const deadline = Date.now() + 60_000;
    while (cpuMs(tree) < 700 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(cpuMs(tree)).toBeGreaterThanOrEqual(700); // /proc counts in 10 ms ticks
    expect(cpuMs([parentPid])).toBeLessThan(500);
    expect(treeUsage(tree).rssBytes).toBeGreaterThan(treeUsage([parentPid]).rssBytes);
  });

  it("skips processes that are gone", () => {
    const usage = treeUsage([2 ** 22 + 12_345]);
    expect(usage.cpu).toEqual({ user: 0, system: 0 });
    expect(usage.rssBytes).toBe(0);
  });
});
