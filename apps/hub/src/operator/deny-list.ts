import { z } from "zod";
import type { Principal } from "../auth/principal.js";

/**
 * One revocation: every token of a user (`sub`) or one token (`jti`), until `until` (seconds
 * since 1970: when the tokens it covers have expired); past that the entry means nothing.
 */
export const denyEntrySchema = z.object({
  kind: z.enum(["sub", "jti"]),
  value: z.string().min(1).max(256),
  until: z.number().int().positive(),
});
export type DenyEntry = z.infer<typeof denyEntrySchema>;

/** This hub's copy of the deny list, read on every upgrade and `refresh`: two map lookups. */
export class DenyList {
  private readonly subjects = new Map<string, number>();
  private readonly tokens = new Map<string, number>();

  constructor(private readonly now: () => number = () => Date.now() / 1000) {}

  /** Adds or extends an entry; false when it was known already (or has expired). */
  add(entry: DenyEntry): boolean {
    if (entry.until <= this.now()) return false;
    const map = entry.kind === "sub" ? this.subjects : this.tokens;
    const known = map.get(entry.value);
    if (known !== undefined && known >= entry.until) return false;
    map.set(entry.value, entry.until);
    return true;
  }

  denies(principal: Pick<Principal, "subject" | "jti">): boolean {
    const now = this.now();
    const { subject, jti } = principal;
    if (subject !== undefined && (this.subjects.get(subject) ?? 0) > now) return true;
    return jti !== undefined && (this.tokens.get(jti) ?? 0) > now;
  }

  /** Forgets the entries whose tokens have expired. */
  prune(): void {
    const now = this.now();
    for (const map of [this.subjects, this.tokens]) {
      for (const [value, until] of map) if (until <= now) map.delete(value);
    }
  }

  get size(): number {
    return this.subjects.size + this.tokens.size;
  }
}
