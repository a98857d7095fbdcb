import { render, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { ActivityFeed } from "../src/activity-feed.js";
import { playback, upstream } from "./support/fixtures.js";

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

describe("ActivityFeed with upstream shapes", () => {
  it("stops the bar and the number at 100 % for a playback reported past the end", () => {
    render(<ActivityFeed items={[{ seq: 1, data: upstream.overshootPlayback }]} />);
    const bar = screen.getByRole("progressbar", { name: "Progress of The Constant" });
    expect(bar.getAttribute("aria-valuenow")).toBe("100");
    expect((bar.firstElementChild as HTMLElement).style.width).toBe("100%");
    const percent = screen.getByText("100 %");
    // The value as sent stays available.
    expect(percent.getAttribute("title")).toBe("reported as 104 %");
  });

  it("reads a playback that carries only its event_id", () => {
    render(
      <ActivityFeed
        items={[
          {
            seq: 1,
            ts: "2026-11-30T21:14:03.300Z",
            data: {
              event_id: "0d6c",
              username: null,
              title: null,
              media_type: null,
              platform: null,
              percent_complete: null,
              // Go's zero time.Time: no time at all, so the hub's time is shown.
              timestamp: "0001-01-01T00:00:00Z",
            },
          },
        ]}
      />,
    );
    const row = screen.getByRole("listitem");
    expect(row.textContent).toContain("Unknown user is watching Unknown title");
    expect(within(row).getByText("Unknown user").className).toContain("pb-unknown");
    expect(within(row).getByText("21:14:03 UTC")).toBeTruthy();
    expect(screen.queryByRole("progressbar")).toBeNull();
    expect(row.textContent).not.toMatch(/null|undefined|00:00:00/);
  });

  it("names the progress bar of an untitled playback", () => {
    render(<ActivityFeed items={[{ seq: 1, data: { id: "x", percent_complete: 30 } }]} />);
    expect(screen.getByRole("progressbar", { name: "Progress of unknown title" })).toBeTruthy();
  });
});
