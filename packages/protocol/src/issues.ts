import type { z } from "zod";
import { MAX_ERROR_MESSAGE_LENGTH } from "./limits.js";

/** A one-line, bounded description of schema violations, safe to echo to a client. */
export function describeIssues(error: z.ZodError): string {
  const text = error.issues
    .map((issue) => {
      const path = issue.path.length > 0 ? issue.path.join(".") : "(root)";
      return `${path}: ${issue.message}`;
    })
    .join("; ");
  return truncate(text, MAX_ERROR_MESSAGE_LENGTH);
}

export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
