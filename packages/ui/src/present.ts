/**
 * Text worth showing, or undefined: Go producers write unset strings as "" (or null for nil
 * pointers), and an empty label reads worse than a deliberate fallback.
 */
export function present(text: string | null | undefined): string | undefined {
  return typeof text === "string" && text.trim() !== "" ? text : undefined;
}
