import { render, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { ActivityFeed } from "../src/activity-feed.js";
import { playback } from "./support/fixtures.js";

describe("ActivityFeed", () => {
  it("lists each playback's user, title, media type, platform and progress", () => {
    render(
      <ActivityFeed
        items={[
          {
            seq: 2,
            data: playback({
              id: "b",
              username: "ana",
              title: "Dune",
              media_type: "movie",
              platform: "Roku",
              percent_complete: 80,
            }),
          },
          { seq: 1, data: playback() },
        ]}
      />,
    );
    const log = screen.getByRole("log", { name: "Recent activity" });
    expect(log.getAttribute("aria-live")).toBe("polite");
    const rows = within(log).getAllByRole("listitem");
    expect(rows).toHaveLength(2);
    const first = within(rows[0] as HTMLElement);
    expect(first.getByText("ana")).toBeTruthy();
    expect(first.getByText("Dune")).toBeTruthy();
    expect(first.getByText("movie")).toBeTruthy();
    expect(first.getByText("Roku")).toBeTruthy();
    expect(first.getByText("80 %")).toBeTruthy();
    const bar = first.getByRole("progressbar", { name: "Progress of Dune" });
    expect(bar.getAttribute("aria-valuenow")).toBe("80");
    expect(within(rows[1] as HTMLElement).getByText("marisol")).toBeTruthy();
  });

  it("omits what a playback does not carry", () => {
    render(
      <ActivityFeed
        items={[
          {
            seq: 1,
            ts: "2026-11-21T23:00:00.120Z",
            data: playback({
              platform: undefined,
              percent_complete: undefined,
              started_at: undefined,
            }),
          },
        ]}
      />,
    );
    expect(screen.queryByRole("progressbar")).toBeNull();
    // Without a time of its own, the hub's sequencing time is shown.
    expect(screen.getByText("23:00:00 UTC")).toBeTruthy();
  });

  it("says so when there is no playback yet, and keeps the live log mounted", () => {
    render(<ActivityFeed items={[]} />);
    expect(screen.getByText("No playbacks yet")).toBeTruthy();
    expect(screen.getByRole("log")).toBeTruthy();
    expect(screen.queryAllByRole("listitem")).toHaveLength(0);
  });

  it("renders at most `limit` rows", () => {
    const items = Array.from({ length: 10 }, (_, i) => ({
      seq: i,
      data: playback({ id: `p${i}` }),
    }));
    render(<ActivityFeed items={items} limit={3} />);
    expect(screen.getAllByRole("listitem")).toHaveLength(3);
  });
});
