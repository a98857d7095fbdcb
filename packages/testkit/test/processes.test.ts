import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { baseEnv, isAlive, isOurs, spawnLogged, stopProcess } from "../src/processes.js";
import { waitFor } from "../src/wait.js";

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function logDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "pulse-testkit-"));
  dirs.push(dir);
  return dir;
}

describe("processes stopped by PID", () => {
  it("spawns detached, checks the command line, stops by PID", async () => {
    const dir = await logDir();
    const marker = `testkit-${process.pid}-${Date.now()}`;
    const proc = spawnLogged(process.execPath, ["-e", "setInterval(() => {}, 1000)", marker], {
      cwd: dir,
      env: baseEnv(),
      logFile: join(dir, "child.log"),
      match: [marker],
    });
    await waitFor(() => isOurs(proc.pid, proc.match), { what: "the child to run" });
    expect(isAlive(proc.pid)).toBe(true);
    expect(isOurs(proc.pid, ["some other command"])).toBe(false);
    // A PID running something else is never signalled.
    await stopProcess(proc.pid, ["some other command"], { timeoutMs: 1_000 });
    expect(isOurs(proc.pid, proc.match)).toBe(true);
    await stopProcess(proc.pid, proc.match, { timeoutMs: 5_000 });
    expect(isOurs(proc.pid, proc.match)).toBe(false);
  });

  it("baseEnv leaves out what would change a server behind the test's back", () => {
    process.env.HUB_TESTKIT_PROBE = "1";
    try {
      expect(baseEnv().HUB_TESTKIT_PROBE).toBeUndefined();
      expect(baseEnv().PATH).toBe(process.env.PATH);
    } finally {
      delete process.env.HUB_TESTKIT_PROBE;
    }
  });
});

describe("waitFor", () => {
  it("returns the first value that is not undefined or false", async () => {
    let calls = 0;
    expect(await waitFor(() => (++calls >= 3 ? calls : undefined))).toBe(3);
  });

  it("says what it waited for when the time runs out", async () => {
    await expect(waitFor(() => false, { timeoutMs: 50, what: "nothing" })).rejects.toThrow(
      "waiting for nothing",
    );
  });
});
