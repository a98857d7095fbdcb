import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { SyncCompletedNotice } from "../src/sync-completed-notice.js";
import { syncCompleted } from "./support/fixtures.js";

describe("SyncCompletedNotice", () => {
  it("summarises the latest completed sync in a polite live region", () => {
    render(<SyncCompletedNotice completed={syncCompleted()} />);
    const status = screen.getByRole("status");
    expect(status.textContent).toContain("Sync completed:");
    expect(status.textContent).toContain("12 new playbacks in 4.8 s");
    expect(status.textContent).toContain("23:00:00 UTC");
  });

  it("uses the singular for one playback", () => {
    render(<SyncCompletedNotice completed={syncCompleted({ new_playbacks: 1 })} />);
    expect(screen.getByRole("status").textContent).toContain("1 new playback in");
  });

  it("renders an empty live region without a summary", () => {
    render(<SyncCompletedNotice completed={undefined} />);
    expect(screen.getByRole("status").textContent).toBe("");
  });

  it("can be dismissed", async () => {
    const onDismiss = vi.fn();
    render(<SyncCompletedNotice completed={syncCompleted()} onDismiss={onDismiss} />);
    await userEvent.click(screen.getByRole("button", { name: "Dismiss sync notice" }));
    expect(onDismiss).toHaveBeenCalledOnce();
  });
});

describe("SyncCompletedNotice with fields left out", () => {
  it("says only what it was told", () => {
    const { rerender } = render(<SyncCompletedNotice completed={{}} />);
    expect(screen.getByRole("status").textContent).toBe("Sync completed.");
    rerender(<SyncCompletedNotice completed={{ new_playbacks: 3 }} />);
    expect(screen.getByRole("status").textContent).toBe("Sync completed: 3 new playbacks");
    rerender(<SyncCompletedNotice completed={{ sync_duration_ms: 950 }} />);
    expect(screen.getByRole("status").textContent).toBe("Sync completed: in 950 ms");
  });
});
