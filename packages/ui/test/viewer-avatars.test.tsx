import type { PresenceMember } from "@pulseboard/protocol";
import { render, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { ViewerAvatars } from "../src/viewer-avatars.js";

const members: PresenceMember[] = [
  { id: "user-ann", name: "Ann Lee" },
  { id: "user-bob", name: "Bob" },
  { id: "pulseboard-dev", name: "pulseboard-dev" },
  { id: "user-cy", name: "Cy Young" },
];

describe("ViewerAvatars", () => {
  it("lists every viewer with initials and the full name", () => {
    render(<ViewerAvatars members={members} />);
    const list = screen.getByRole("list", { name: "Viewers" });
    const items = within(list).getAllByRole("listitem");
    expect(items).toHaveLength(4);
    expect(items[0]?.title).toBe("Ann Lee");
    expect(items[0]?.textContent).toContain("AL");
    expect(within(list).getByText("Ann Lee")).toBeTruthy();
    expect(items[2]?.textContent).toContain("PD");
  });

  it("gives each viewer a colour from the id, not the position", () => {
    const { rerender } = render(<ViewerAvatars members={members} />);
    const colourOf = (name: string) =>
      [...screen.getByTitle(name).classList].find((cls) => cls.startsWith("pb-avatar--colour-"));
    const bob = colourOf("Bob");
    expect(bob).toBeDefined();
    rerender(<ViewerAvatars members={[...members].reverse()} />);
    expect(colourOf("Bob")).toBe(bob);
  });

  it("marks the signed-in user", () => {
    render(<ViewerAvatars members={members} selfId="user-bob" />);
    const self = screen.getByTitle("Bob (you)");
    expect(self.classList.contains("pb-avatar--self")).toBe(true);
    expect(within(self).getByText("Bob (you)")).toBeTruthy();
    expect(screen.getByTitle("Ann Lee").classList.contains("pb-avatar--self")).toBe(false);
  });

  it("collapses viewers beyond max into a +N bubble that names them", () => {
    render(<ViewerAvatars members={members} selfId="user-cy" max={2} />);
    const items = screen.getAllByRole("listitem");
    expect(items).toHaveLength(3);
    const more = items[2];
    expect(more?.textContent).toContain("+2");
    expect(more?.title).toBe("pulseboard-dev, Cy Young (you)");
    expect(more?.textContent).toContain("2 more: pulseboard-dev, Cy Young (you)");
  });

  it("shows no bubble when everyone fits", () => {
    render(<ViewerAvatars members={members} max={4} />);
    expect(screen.queryByText(/more:/)).toBeNull();
  });

  it("shows a viewer with a blank name by id", () => {
    render(<ViewerAvatars members={[{ id: "anon:3f9c", name: "" }]} />);
    expect(screen.getByTitle("anon:3f9c").textContent).toContain("A3");
  });

  it("renders nothing for an empty room", () => {
    const { container } = render(<ViewerAvatars members={[]} />);
    expect(container.firstChild).toBeNull();
  });
});
