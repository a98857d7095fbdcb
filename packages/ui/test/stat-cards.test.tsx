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

describe("StatCards with upstream shapes", () => {
  it("shows a dash for unique users when the update has none", () => {
    // Cartographus' StatsUpdateData has total_count and last_playback, no unique_users.
    render(<StatCards totalPlaybacks={48213} uniqueUsers={undefined} eventsPerMinute={3} />);
    expect(statValue("Total playbacks")).toBe("48,213");
    expect(statValue("Unique users")).toBe("—");
  });

  it("shows a last_playback string as a time, with its age when the clock is given", () => {
    render(
      <StatCards
        totalPlaybacks={1}
        uniqueUsers={undefined}
        eventsPerMinute={1}
        lastPlayback="2026-11-30T22:12:47+01:00"
        now={Date.parse("2026-11-30T21:14:03Z")}
      />,
    );
    const line = screen.getByText(/^Last playback/);
    expect(line.textContent).toBe("Last playback at 21:12:47 UTC (1 min ago)");
    expect(within(line).getByText("21:12:47 UTC").getAttribute("datetime")).toBe(
      "2026-11-30T22:12:47+01:00",
    );
  });

  it("shows a last_playback object's user, title and start", () => {
    render(
      <StatCards
        totalPlaybacks={1}
        uniqueUsers={1}
        eventsPerMinute={1}
        lastPlayback={{
          id: "p",
          username: "marisol",
          title: "Dune",
          started_at: "2026-11-21T22:58:41Z",
        }}
      />,
    );
    expect(screen.getByText(/^Last playback/).textContent).toBe(
      "Last playback: marisol · Dune at 22:58:41 UTC",
    );
  });

  it("shows no last playback line for null, an empty object or an unreadable time", () => {
    const { rerender } = render(
      <StatCards totalPlaybacks={1} uniqueUsers={1} eventsPerMinute={1} lastPlayback={null} />,
    );
    expect(screen.queryByText(/Last playback/)).toBeNull();
    rerender(
      <StatCards totalPlaybacks={1} uniqueUsers={1} eventsPerMinute={1} lastPlayback={{ id: 3 }} />,
    );
    expect(screen.queryByText(/Last playback/)).toBeNull();
    rerender(
      <StatCards totalPlaybacks={1} uniqueUsers={1} eventsPerMinute={1} lastPlayback="soon" />,
    );
    expect(screen.queryByText(/Last playback/)).toBeNull();
  });
});
