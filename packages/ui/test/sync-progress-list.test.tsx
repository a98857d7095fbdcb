import { render, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { syncCounts, syncFraction } from "../src/sync-fraction.js";
import { SyncProgressList } from "../src/sync-progress-list.js";
import { syncProgress, upstream } from "./support/fixtures.js";
import { rowOf } from "./support/queries.js";

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

describe("syncFraction with upstream and missing progress", () => {
  it("reads an import's progress_percent (0–100) before its record counts", () => {
    expect(syncFraction({ progress_percent: 50, total_records: 10, processed_records: 1 })).toBe(
      0.5,
    );
    expect(syncFraction({ total_records: 1200, processed_records: 300 })).toBe(0.25);
    expect(syncCounts({ total_records: 50000, processed_records: 20600 })).toBe("20,600 of 50,000");
  });

  it("clamps out-of-range values", () => {
    expect(syncFraction(-0.2)).toBe(0);
    expect(syncFraction({ progress_percent: 104 })).toBe(1);
  });

  it("is undefined, not 0, when nothing was reported", () => {
    expect(syncFraction(null)).toBeUndefined();
    expect(syncFraction(undefined)).toBeUndefined();
    expect(syncFraction({})).toBeUndefined();
    expect(syncFraction({ done: null, total: 10 })).toBeUndefined();
    expect(syncCounts(null)).toBeUndefined();
    expect(syncCounts({ progress_percent: 50 })).toBeUndefined();
  });
});

describe("SyncProgressList with upstream shapes", () => {
  it("shows a cancelled import at its own percentage, with its record counts", () => {
    render(<SyncProgressList items={[{ data: upstream.cancelledImport }]} />);
    const bar = screen.getByRole("progressbar", { name: "tautulli_import" });
    expect(bar.getAttribute("aria-valuenow")).toBe("41");
    expect(bar.getAttribute("aria-valuetext")).toBe("41 %, 20,600 of 50,000");
    const row = within(rowOf("tautulli_import"));
    expect(row.getByText("Cancelled")).toBeTruthy();
    expect(row.getByText("41 % · 20,600 of 50,000")).toBeTruthy();
    expect(row.getByText("import stop requested")).toBeTruthy();
    // Not running: no "1 running" count.
    expect(screen.queryByText(/running/)).toBeNull();
  });

  it("spells both cancel spellings the same", () => {
    render(
      <SyncProgressList
        items={[
          { data: syncProgress({ correlation_id: "a", status: "canceled", operation: "a_sync" }) },
          { data: syncProgress({ correlation_id: "b", status: "cancelled", operation: "b_sync" }) },
        ]}
      />,
    );
    expect(within(rowOf("a_sync on plex-main")).getByText("Cancelled")).toBeTruthy();
    expect(within(rowOf("b_sync on plex-main")).getByText("Cancelled")).toBeTruthy();
  });

  it("shows an idle sync without progress: no bar, no 0 %", () => {
    render(<SyncProgressList items={[{ data: upstream.idleSync }]} />);
    const row = rowOf("tautulli_import");
    expect(within(row).getByText("Idle")).toBeTruthy();
    expect(within(row).getByText("Progress not reported")).toBeTruthy();
    expect(screen.queryByRole("progressbar")).toBeNull();
    expect(row.textContent).not.toContain("0 %");
  });

  it("shows a running sync without progress as indeterminate", () => {
    render(
      <SyncProgressList items={[{ data: syncProgress({ progress: null, server_id: null }) }]} />,
    );
    const bar = screen.getByRole("progressbar", { name: "library_sync" });
    expect(bar.hasAttribute("aria-valuenow")).toBe(false);
    expect(bar.getAttribute("aria-valuetext")).toBe("Progress not reported");
    expect(screen.getByText("1 running")).toBeTruthy();
  });

  it("shows an unknown status as written, in the neutral style, and an empty one as Unspecified", () => {
    render(
      <SyncProgressList
        items={[
          { data: syncProgress({ correlation_id: "p", status: "paused", operation: "p_sync" }) },
          { data: syncProgress({ correlation_id: "e", status: "", operation: null }) },
        ]}
      />,
    );
    const paused = within(rowOf("p_sync on plex-main")).getByText("paused");
    expect(paused.className).toContain("pb-status--other");
    // No operation: the row is still named; null never reaches the screen.
    const unnamed = rowOf("Sync on plex-main");
    expect(within(unnamed).getByText("Unspecified").className).toContain("pb-status--other");
    expect(document.body.textContent).not.toMatch(/null|undefined/);
  });

  it("keeps the known statuses' own styles", () => {
    render(<SyncProgressList items={[{ data: syncProgress({ status: "error" }) }]} />);
    expect(screen.getByText("Failed").className).toContain("pb-status--error");
  });
});
