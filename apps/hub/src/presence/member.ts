import { MAX_DISPLAY_NAME_LENGTH, type PresenceMember } from "@pulseboard/protocol";
import type { Client } from "../client.js";

/** How a connection appears in presence: its token's user, or itself in open mode. */
export function memberOf(client: Client): PresenceMember {
  const { subject, name } = client.principal;
  const id = subject === undefined || subject === "" ? `anon:${client.id}` : subject.slice(0, 256);
  const fallback =
    subject === undefined || subject === "" ? `guest-${client.id.slice(0, 8)}` : subject;
  return { id, name: (name ?? fallback).slice(0, MAX_DISPLAY_NAME_LENGTH) };
}
