import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { clientSchema, envSchema, readEnv } from "../env";

const APP = join(import.meta.dirname, "..");

describe("env.ts", () => {
  it("reads the declared variables, trimmed, with blank ones unset and others left out", () => {
    expect(
      readEnv({ NEXT_PUBLIC_HUB_URL: " wss://hub/ws ", HUB_AUTH_SECRET: "  ", PATH: "/bin" }),
    ).toEqual({ NEXT_PUBLIC_HUB_URL: "wss://hub/ws" });
  });

  it("is the only place that reads process.env (e2e and its Playwright config aside)", () => {
    const readers = sources(APP).filter((file) =>
      readFileSync(file, "utf8").includes("process.env"),
    );
    expect(readers.map((file) => relative(APP, file))).toEqual(["env.ts"]);
  });

  it("declares every variable in turbo.json for the tasks that read them", () => {
    const turbo = JSON.parse(readFileSync(join(APP, "turbo.json"), "utf8")) as {
      tasks: Record<string, { env?: string[] }>;
    };
    const all = Object.keys(envSchema.shape).sort();
    for (const task of ["dev", "start", "test"]) {
      expect([...(turbo.tasks[task]?.env ?? [])].sort(), task).toEqual(all);
    }
    expect(turbo.tasks.build?.env).toEqual(Object.keys(clientSchema.shape));
  });
});

/** The app's own TypeScript files, outside tests, e2e and generated output. */
function sources(dir: string): string[] {
  const skip = new Set([
    "node_modules",
    ".next",
    "e2e",
    "test",
    "test-results",
    "playwright-report",
  ]);
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return skip.has(entry.name) ? [] : sources(path);
    const own = /\.tsx?$/.test(entry.name) && entry.name !== "playwright.config.ts";
    return own && !entry.name.endsWith(".d.ts") ? [path] : [];
  });
}
