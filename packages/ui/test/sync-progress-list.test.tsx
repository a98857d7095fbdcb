import { render, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { syncCounts, syncFraction } from "../src/sync-fraction.js";
import { SyncProgressList } from "../src/sync-progress-list.js";
import { syncProgress } from "./support/fixtures.js";

describe("syncFraction", () => {
  it("reads both progress forms and clamps", () => {
    expect(syncFraction(0.25)).toBe(0.25);
    expect(syncFraction({ done: 1200, total: 4800 })).toBe(0.25);
    expect(syncFraction({ done: 0, total: 0 })).toBe(0);
    expect(syncFraction(1.5)).toBe(1);
    expect(syncCounts({ done: 1200, total: 4800 })).toBe("1,200 of 4,800");
    expect(syncCounts(0.5)).toBeUndefined();
  });
});

describe("SyncProgressList", () => {
  it("shows a bar and a spelled-out status for every sync", () => {
    render(
      <SyncProgressList
        items={[
          { data: syncProgress() },
          {
            data: syncProgress({
              correlation_id: "sync-2",
              operation: "history_import",
              server_id: undefined,
              status: "error",
              progress: 0.9,
              message: undefined,
              error: "Server went away",
            }),
          },
        ]}
      />,
    );
    expect(screen.getByText("1 running")).toBeTruthy();

    const running = screen.getByRole("progressbar", { name: "library_sync on plex-main" });
    expect(running.getAttribute("aria-valuenow")).toBe("25");
    expect(running.getAttribute("aria-valuetext")).toBe("25 %, 1,200 of 4,800");
    const runningRow = within(running.closest("li") as HTMLElement);
    expect(runningRow.getByText("Running")).toBeTruthy();
    expect(runningRow.getByText("Scanning TV Shows")).toBeTruthy();

    const failed = screen.getByRole("progressbar", { name: "history_import" });
    expect(failed.getAttribute("aria-valuenow")).toBe("90");
    const failedRow = within(failed.closest("li") as HTMLElement);
    expect(failedRow.getByText("Failed")).toBeTruthy();
    expect(failedRow.getByText("Server went away")).toBeTruthy();
  });

  it("has an empty state", () => {
    render(<SyncProgressList items={[]} />);
    expect(screen.getByText("No syncs running")).toBeTruthy();
    expect(screen.queryByRole("progressbar")).toBeNull();
  });
});
