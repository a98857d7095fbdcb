import { describe, expect, it } from "vitest";
import {
  AVATAR_COLOUR_COUNT,
  avatarColourIndex,
  initials,
  memberLabel,
} from "../src/member-avatar.js";

describe("initials", () => {
  it("takes the first and last word of a name", () => {
    expect(initials("Ann Lee")).toBe("AL");
    expect(initials("mary jane watson")).toBe("MW");
    expect(initials("  Ann   Lee  ")).toBe("AL");
  });

  it("takes one letter of a single name", () => {
    expect(initials("Ann")).toBe("A");
    expect(initials("łukasz")).toBe("Ł");
  });

  it("reads ids and emails as words", () => {
    expect(initials("pulseboard-dev")).toBe("PD");
    expect(initials("ann.lee@example.com")).toBe("AL");
    expect(initials("ann@example.com")).toBe("A");
    expect(initials("@handle")).toBe("H");
    expect(initials("anon:3f9c")).toBe("A3");
  });

  it("skips punctuation and emoji in front of a word", () => {
    expect(initials("(Ann) 🦊Lee")).toBe("AL");
  });

  it("survives names without letters", () => {
    expect(initials("")).toBe("?");
    expect(initials("   ")).toBe("?");
    expect(initials("👩‍💻")).toBe("👩‍💻");
    expect(initials("---")).toBe("-");
  });
});

describe("memberLabel", () => {
  it("falls back to the id when the name is blank", () => {
    expect(memberLabel({ id: "u1", name: "Ann" })).toBe("Ann");
    expect(memberLabel({ id: "u1", name: " " })).toBe("u1");
  });
});

describe("avatarColourIndex", () => {
  it("gives an id the same colour every time", () => {
    expect(avatarColourIndex("user-ann")).toBe(avatarColourIndex("user-ann"));
    expect(avatarColourIndex("user-ann")).not.toBe(avatarColourIndex("user-bob"));
  });

  it("spreads distinct ids over the whole palette", () => {
    const counts = new Array<number>(AVATAR_COLOUR_COUNT).fill(0);
    for (let i = 0; i < 400; i++) {
      const index = avatarColourIndex(`user-${i}`);
      counts[index] = (counts[index] ?? 0) + 1;
    }
    // 50 per colour on average; no colour empty, none taking twice its share.
    expect(Math.min(...counts)).toBeGreaterThan(25);
    expect(Math.max(...counts)).toBeLessThan(100);
  });

  it("hashes the order of characters too, not only which ones", () => {
    // Rotations of one id share every character; an order-blind hash gives them one colour.
    const id = "pulseboard-dev";
    const rotations = Array.from(id, (_, i) => id.slice(i) + id.slice(0, i));
    const colours = new Set(rotations.map((rotation) => avatarColourIndex(rotation)));
    expect(colours.size).toBeGreaterThanOrEqual(4);
  });

  it("stays in range for odd input", () => {
    for (const id of ["", "😀", "x".repeat(10_000)]) {
      const index = avatarColourIndex(id);
      expect(Number.isInteger(index)).toBe(true);
      expect(index).toBeGreaterThanOrEqual(0);
      expect(index).toBeLessThan(AVATAR_COLOUR_COUNT);
    }
    expect(avatarColourIndex("anything", 0)).toBe(0);
  });
});
