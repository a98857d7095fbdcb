import { readFileSync, writeFileSync } from "node:fs";

export const RESULTS_START = "<!-- bench:results:start -->";
export const RESULTS_END = "<!-- bench:results:end -->";

/** Replaces the README's marked results section, if it has one; leaves the rest alone. */
export function quoteInReadme(readmePath: string, section: string): boolean {
  let text: string;
  try {
    text = readFileSync(readmePath, "utf8");
  } catch {
    return false;
  }
  const start = text.indexOf(RESULTS_START);
  const end = text.indexOf(RESULTS_END);
  if (start < 0 || end < start) return false;
  const before = text.slice(0, start + RESULTS_START.length);
  const after = text.slice(end);
  writeFileSync(readmePath, `${before}\n${section.trim()}\n${after}`);
  return true;
}
