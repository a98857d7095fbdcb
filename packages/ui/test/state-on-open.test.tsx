import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { ActivityFeed } from "../src/activity-feed.js";
import { AlertsPanel } from "../src/alerts-panel.js";
import { alert, playback } from "./support/fixtures.js";

/** Durable acknowledgements and "load older" (protocol 1.1, state on open). */

const acknowledgement = {
  data: {
    alert_id: 5521,
    by: { id: "dev:0a1b2c3d", name: "Teal Otter" },
    at: "2026-11-21T23:05:07.120Z",
    note: "called the user",
  },
};

function playbacks(count: number) {
  return Array.from({ length: count }, (_, i) => ({
    seq: count - i,
    data: playback({ id: `p-${count - i}`, title: `Title ${count - i}` }),
  }));
}

describe("AlertsPanel acknowledgements", () => {
  it("says who acknowledged an alert and when, with their note, and offers no button", () => {
    render(
      <AlertsPanel
        alerts={[{ data: alert(), acknowledged: true, acknowledgement }]}
        onAcknowledge={() => {}}
      />,
    );
    const row = within(screen.getByRole("listitem"));
    expect(row.getByText(/Acknowledged by Teal Otter at/)).toBeTruthy();
    expect(row.getByText("23:05:07 UTC").getAttribute("dateTime")).toBe(acknowledgement.data.at);
    expect(row.getByText("called the user")).toBeTruthy();
    expect(row.queryByRole("button")).toBeNull();
  });

  it("keeps the button busy until the append is answered, and shows a refusal", async () => {
    let reject: (error: Error) => void = () => {};
    const onAcknowledge = vi.fn(
      () =>
        new Promise((_resolve, fail) => {
          reject = fail;
        }),
    );
    render(
      <AlertsPanel
        alerts={[{ data: alert(), acknowledged: false }]}
        onAcknowledge={onAcknowledge}
      />,
    );
    const button = screen.getByRole("button", { name: "Acknowledge alert: Impossible travel" });
    await userEvent.click(button);
    expect(button.textContent).toBe("Acknowledging…");
    expect((button as HTMLButtonElement).disabled).toBe(true);
    await userEvent.click(button);
    expect(onAcknowledge).toHaveBeenCalledTimes(1);
    reject(new Error("no publish grant for this room"));
    expect((await screen.findByRole("alert")).textContent).toBe(
      "Not acknowledged: no publish grant for this room",
    );
    expect((button as HTMLButtonElement).disabled).toBe(false);
  });
});

describe("ActivityFeed load older", () => {
  it("shows held rows first, then asks for older ones, and says when there are none", async () => {
    const items = playbacks(7);
    const onLoadOlder = vi.fn(async () => {});
    const { rerender } = render(
      <ActivityFeed items={items} limit={5} onLoadOlder={onLoadOlder} hasOlder />,
    );
    const rows = () => within(screen.getByRole("log")).getAllByRole("listitem");
    expect(rows()).toHaveLength(5);
    const button = screen.getByRole("button", { name: "Load older" });
    await userEvent.click(button);
    expect(rows()).toHaveLength(7);
    expect(onLoadOlder).not.toHaveBeenCalled();
    await userEvent.click(button);
    expect(onLoadOlder).toHaveBeenCalledTimes(1);
    // The page came in below the held rows.
    rerender(
      <ActivityFeed items={playbacks(12)} limit={5} onLoadOlder={onLoadOlder} hasOlder={false} />,
    );
    await waitFor(() => expect(rows()).toHaveLength(12));
    expect(screen.getByText("No older playbacks")).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Load older" })).toBeNull();
  });

  it("shows why older playbacks could not be loaded, and stays usable", async () => {
    const onLoadOlder = vi.fn(async () => {
      throw new Error("HTTP 503");
    });
    render(<ActivityFeed items={playbacks(2)} onLoadOlder={onLoadOlder} />);
    await userEvent.click(screen.getByRole("button", { name: "Load older" }));
    expect((await screen.findByRole("alert")).textContent).toBe(
      "Could not load older playbacks: HTTP 503",
    );
    expect(screen.getByRole("button", { name: "Load older" })).toBeTruthy();
  });

  it("has no button without onLoadOlder", () => {
    render(<ActivityFeed items={playbacks(2)} />);
    expect(screen.queryByRole("button")).toBeNull();
  });
});
