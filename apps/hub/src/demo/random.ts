/**
 * Random helpers over an injectable source, so the demo is reproducible when seeded (tests)
 * and varied when not (`Math.random`).
 */
export type Random = () => number;

/** A non-empty list: `pick` can then always return an element, even if `random()` returns 1. */
export type NonEmpty<T> = readonly [T, ...T[]];

/** Narrows a list built at load time (e.g. `Object.values`) that is known to be non-empty. */
export function nonEmpty<T>(items: readonly T[]): NonEmpty<T> {
  const [first, ...rest] = items;
  if (first === undefined) throw new Error("expected a non-empty list");
  return [first, ...rest];
}

export function pick<T>(random: Random, items: NonEmpty<T>): T {
  return items[Math.floor(random() * items.length)] ?? items[0];
}

/** An integer in [min, max]. */
export function int(random: Random, min: number, max: number): number {
  return Math.min(max, min + Math.floor(random() * (max - min + 1)));
}

export function chance(random: Random, probability: number): boolean {
  return random() < probability;
}

/** Picks by weight: `[[value, weight], ...]`. */
export function weighted<T>(random: Random, items: NonEmpty<readonly [T, number]>): T {
  const total = items.reduce((sum, [, weight]) => sum + weight, 0);
  let roll = random() * total;
  for (const [value, weight] of items) {
    roll -= weight;
    if (roll < 0) return value;
  }
  return items[items.length - 1]?.[0] ?? items[0][0];
}

export function hex(random: Random, length: number): string {
  let text = "";
  for (let i = 0; i < length; i++) text += int(random, 0, 15).toString(16);
  return text;
}

/** mulberry32: a tiny, fast, well-distributed PRNG; enough for simulated traffic. */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
