/**
 * What an avatar shows for a room member: initials and a colour. Plain functions of the member,
 * so every client (and the server render) draws the same person the same way.
 */

/**
 * How many avatar colours `styles/collab.css` defines (`.pb-avatar--colour-0` …). Each one
 * carries white initials at 4.5:1 or better and stands out 3:1 from both themes' surfaces.
 */
export const AVATAR_COLOUR_COUNT = 8;

/** Who a member is in text: the display name, else the id (a name may be empty). */
export function memberLabel(member: { id: string; name: string }): string {
  return member.name.trim() || member.id;
}

// Splits "Ann Lee", "ann.lee", "pulseboard-dev", "anon:3f9c" and "ann_lee+test" into words.
const WORD_SEPARATORS = /[\s._:+-]+/u;
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

/**
 * One or two letters for an avatar: first and last word ("Ann Lee" → "AL",
 * "pulseboard-dev" → "PD"), the first letter of a single word ("Ann" → "A"), the part of an
 * email before the "@". A name with no letter or digit at all shows its first character
 * (an emoji, say), an empty one "?".
 */
export function initials(name: string): string {
  const trimmed = name.trim();
  const at = trimmed.indexOf("@");
  const local = at > 0 ? trimmed.slice(0, at) : trimmed;
  const letters = local
    .split(WORD_SEPARATORS)
    .map((word) => LETTER_OR_DIGIT.exec(word)?.[0])
    .filter((letter) => letter !== undefined);
  const first = letters[0];
  const last = letters.length > 1 ? letters[letters.length - 1] : undefined;
  if (first !== undefined) return `${first}${last ?? ""}`.toUpperCase();
  return firstCharacter(trimmed) ?? "?";
}

/** The first user-perceived character, so that an emoji built of several code points stays whole. */
function firstCharacter(text: string): string | undefined {
  const segments = new Intl.Segmenter("en", { granularity: "grapheme" }).segment(text);
  return segments[Symbol.iterator]().next().value?.segment;
}

/**
 * Which of the `count` avatar colours a member id gets: a 32-bit FNV-1a hash of the id, so the
 * same person has the same colour on every screen and different ids spread over the palette.
 */
export function avatarColourIndex(id: string, count = AVATAR_COLOUR_COUNT): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    hash ^= id.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % Math.max(1, Math.floor(count));
}
