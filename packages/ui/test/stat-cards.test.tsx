import { render, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { StatCards } from "../src/stat-cards.js";

function statValue(label: string): string | null {
  const term = screen.getByText(label);
  const card = term.closest(".pb-stat");
  if (!(card instanceof HTMLElement)) throw new Error(`no card for ${label}`);
  return within(card).getByRole("definition").textContent;
}

describe("StatCards", () => {
  it("shows total playbacks, unique users and events per minute", () => {
    render(
      <StatCards
        totalPlaybacks={48213}
        uniqueUsers={317}
        eventsPerMinute={120}
        updatedAt="2026-11-21T23:00:02.000Z"
      />,
    );
    expect(screen.getByRole("region", { name: "Statistics" })).toBeTruthy();
    expect(statValue("Total playbacks")).toBe("48,213");
    expect(statValue("Unique users")).toBe("317");
    expect(statValue("Events / min")).toBe("120");
    expect(screen.getByText("23:00:02 UTC")).toBeTruthy();
    expect(screen.queryByText("Playing now")).toBeNull();
  });

  it("shows a dash, not zero, for numbers not received yet", () => {
    render(<StatCards totalPlaybacks={undefined} uniqueUsers={undefined} eventsPerMinute={0} />);
    expect(statValue("Total playbacks")).toBe("—");
    expect(statValue("Unique users")).toBe("—");
    expect(statValue("Events / min")).toBe("0");
    expect(screen.queryByText(/Updated/)).toBeNull();
  });

  it("adds the active sessions card when given", () => {
    render(<StatCards totalPlaybacks={1} uniqueUsers={1} eventsPerMinute={1} activeSessions={4} />);
    expect(statValue("Playing now")).toBe("4");
  });
});
