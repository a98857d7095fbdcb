import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { envSchema } from "../src/config.js";

const APP = join(import.meta.dirname, "..");
const VARIABLES = Object.keys(envSchema.shape).sort();

/**
 * Read by the test harness (`@pulseboard/hub/testing`, `@pulseboard/testkit`) while the hub's
 * tests run, on top of the hub's own variables (spawned hubs inherit the environment).
 */
const TEST_HARNESS_VARIABLES = ["TEST_LOG_LEVEL", "NATS_SERVER_BIN"];

describe("README configuration table", () => {
  const rows = configurationRows(readFileSync(join(APP, "README.md"), "utf8"));

  it("documents every variable of the schema, and none that is not in it", () => {
    expect([...rows.keys()].sort()).toEqual(VARIABLES);
  });

  it("states each variable's default as the schema applies it", () => {
    const defaults = envSchema.parse({});
    for (const [name, row] of rows) {
      const value = (defaults as Record<string, unknown>)[name];
      expect(documentedDefault(row.default), name).toBe(asWritten(value));
    }
  });
});

describe("turbo.json", () => {
  const turbo = JSON.parse(readFileSync(join(APP, "turbo.json"), "utf8")) as {
    tasks: Record<string, { env?: string[] }>;
  };

  it("declares every variable for the tasks that run the hub, so cache keys see them", () => {
    for (const task of ["dev", "start"]) {
      expect([...(turbo.tasks[task]?.env ?? [])].sort(), task).toEqual(VARIABLES);
    }
    const test = [...(turbo.tasks.test?.env ?? [])].sort();
    expect(test).toEqual([...VARIABLES, ...TEST_HARNESS_VARIABLES].sort());
  });

  it("declares none for build: the bundle reads its environment at run time only", () => {
    expect(turbo.tasks.build?.env).toBeUndefined();
  });
});

/** The rows of the table under "## Configuration": variable → its default cell. */
function configurationRows(readme: string): Map<string, { default: string }> {
  const section = readme.split(/^## /m).find((part) => part.startsWith("Configuration\n"));
  if (section === undefined) throw new Error("README.md has no ## Configuration section");
  const rows = new Map<string, { default: string }>();
  for (const line of section.split("\n")) {
    const cells = line.split("|").map((cell) => cell.trim());
    const name = /^`([A-Z][A-Z0-9_]*)`$/.exec(cells[1] ?? "")?.[1];
    if (name === undefined) continue;
    if (rows.has(name)) throw new Error(`${name} is documented twice`);
    rows.set(name, { default: cells[2] ?? "" });
  }
  return rows;
}

/** A default cell's value: `unset …`, or its first code span (`0` (`1` under `dev`) → 0). */
function documentedDefault(cell: string): string {
  if (cell.startsWith("unset")) return "unset";
  return /`([^`]*)`/.exec(cell)?.[1] ?? cell;
}

/** A parsed default as the environment would spell it. */
function asWritten(value: unknown): string {
  if (value === undefined) return "unset";
  if (typeof value === "boolean") return value ? "1" : "0";
  if (Array.isArray(value)) return value.join(",");
  return String(value);
}
