import { render, screen, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { describeIndicator, IndicatorBadges } from "../src/indicator-badges.js";
import { indicator } from "./support/fixtures.js";

function badgeTexts(): (string | null)[] {
  const list = screen.getByRole("list", { name: "Viewer activity" });
  return within(list)
    .getAllByRole("listitem")
    .map((item) => item.textContent);
}

describe("describeIndicator", () => {
  it("adds the panel or, preferably, the label from the payload", () => {
    expect(describeIndicator(indicator({ payload: { panel: "plays" } }))).toBe("viewing plays");
    expect(
      describeIndicator(indicator({ payload: { panel: "plays", label: "Plays per hour" } })),
    ).toBe("viewing Plays per hour");
  });

  it("is the kind alone when the payload has nothing to show", () => {
    for (const payload of [undefined, null, "plays", 7, ["plays"], { panel: 3 }, { panel: " " }]) {
      expect(describeIndicator(indicator({ kind: "annotating", payload }))).toBe("annotating");
    }
  });
});

describe("IndicatorBadges", () => {
  it("shows who does what, one badge per indicator, in a polite live region", () => {
    render(
      <IndicatorBadges
        indicators={[
          indicator(),
          indicator({
            kind: "annotating",
            payload: undefined,
            from: { id: "user-bob", name: "Bob", connection_id: "conn-2" },
          }),
        ]}
      />,
    );
    expect(badgeTexts()).toEqual(["Ann · viewing plays", "Bob · annotating"]);
    const list = screen.getByRole("list", { name: "Viewer activity" });
    expect(list.closest("[aria-live]")?.getAttribute("aria-live")).toBe("polite");
  });

  it("marks the signed-in user's own indicators", () => {
    render(
      <IndicatorBadges
        indicators={[indicator(), indicator({ from: { id: "user-bob", name: "Bob" } })]}
        selfId="user-ann"
      />,
    );
    expect(badgeTexts()).toEqual(["Ann (you) · viewing plays", "Bob · viewing plays"]);
    const own = screen.getByText("Ann (you)").closest("li");
    expect(own?.classList.contains("pb-indicator--self")).toBe(true);
  });

  it("leaves out the signed-in user's own indicators with hideSelf", () => {
    render(
      <IndicatorBadges
        indicators={[indicator(), indicator({ from: { id: "user-bob", name: "Bob" } })]}
        selfId="user-ann"
        hideSelf
      />,
    );
    expect(badgeTexts()).toEqual(["Bob · viewing plays"]);
  });

  it("uses a custom description with the caller's own entry type", () => {
    render(
      <IndicatorBadges
        indicators={[indicator({ kind: "cursor" })]}
        describe={(entry) => `${entry.kind} since ${entry.receivedAt}`}
      />,
    );
    expect(badgeTexts()).toEqual(["Ann · cursor since 1000"]);
  });

  it("keeps two tabs of one user apart even without connection ids", () => {
    // React reports clashing keys through console.error.
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const from = { id: "user-ann", name: "Ann" };
    render(<IndicatorBadges indicators={[indicator({ from }), indicator({ from })]} />);
    expect(badgeTexts()).toHaveLength(2);
    expect(errors).not.toHaveBeenCalled();
    errors.mockRestore();
  });

  it("renders no badges, only the empty live region, without indicators", () => {
    const { container, rerender } = render(<IndicatorBadges indicators={[]} />);
    expect(screen.queryByRole("list")).toBeNull();
    expect(container.textContent).toBe("");
    rerender(<IndicatorBadges indicators={[indicator()]} selfId="user-ann" hideSelf />);
    expect(screen.queryByRole("list")).toBeNull();
  });
});
