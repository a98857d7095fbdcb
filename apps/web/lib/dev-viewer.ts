/**
 * Who a browser is in development: the dev token route gives each browser a stable identity
 * (a cookie), so presence shows one viewer per browser and two browsers as two viewers. Real
 * deployments take `sub` and `name` from their login instead.
 */

export interface DevViewer {
  /** The token's `sub`. */
  id: string;
  /** The token's `name` claim: what avatars show. */
  name: string;
}

export const DEV_VIEWER_COOKIE = "pulseboard_dev_viewer";

/** A year: the identity should outlive browser restarts, it identifies nothing real. */
export const DEV_VIEWER_COOKIE_MAX_AGE_S = 365 * 24 * 3600;

const ID_PATTERN = /^[a-z0-9]{8,32}$/;

const ADJECTIVES = [
  "Amber",
  "Brisk",
  "Calm",
  "Coral",
  "Dusky",
  "Jade",
  "Lucid",
  "Nimble",
  "Quiet",
  "Sunny",
  "Swift",
  "Teal",
];
const ANIMALS = [
  "Badger",
  "Crane",
  "Falcon",
  "Heron",
  "Ibex",
  "Lynx",
  "Marten",
  "Otter",
  "Puffin",
  "Raven",
  "Stoat",
  "Wren",
];

/** The viewer named by the cookie's value, or undefined when it is missing or malformed. */
export function viewerFromCookieValue(value: string | undefined): DevViewer | undefined {
  if (value === undefined || !ID_PATTERN.test(value)) return undefined;
  return { id: `dev:${value}`, name: nameFor(value) };
}

/** A fresh identity: the cookie value to set and the viewer it names. */
export function newDevViewer(randomHex: () => string = defaultRandomHex): {
  cookieValue: string;
  viewer: DevViewer;
} {
  const cookieValue = randomHex();
  return { cookieValue, viewer: { id: `dev:${cookieValue}`, name: nameFor(cookieValue) } };
}

/** The value of cookie `name` in a Cookie header. */
export function readCookie(header: string | null, name: string): string | undefined {
  if (header === null) return undefined;
  for (const part of header.split(";")) {
    const [key, ...rest] = part.trim().split("=");
    if (key === name) return rest.join("=");
  }
  return undefined;
}

function nameFor(id: string): string {
  const a = Number.parseInt(id.slice(0, 4), 36) || 0;
  const b = Number.parseInt(id.slice(4, 8), 36) || 0;
  return `${ADJECTIVES[a % ADJECTIVES.length]} ${ANIMALS[b % ANIMALS.length]}`;
}

function defaultRandomHex(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(8));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
}
