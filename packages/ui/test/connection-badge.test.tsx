import { act, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ConnectionBadge } from "../src/connection-badge.js";

function badge() {
  return within(document.querySelector(".pb-conn") as HTMLElement);
}

describe("ConnectionBadge", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("shows Live, the latency and the age of the last event", () => {
    render(
      <ConnectionBadge
        state={{ status: "open" }}
        lastEventAt={100_000}
        latencyMs={41.6}
        now={112_000}
      />,
    );
    expect(badge().getByRole("status").textContent).toBe("Live");
    expect(badge().getByText("42 ms")).toBeTruthy();
    expect(badge().getByText("Last event 12 s ago")).toBeTruthy();
    expect(screen.queryByRole("button")).toBeNull();
  });

  it("shows the reconnect countdown and failed attempts", () => {
    render(
      <ConnectionBadge
        state={{ status: "reconnecting", attempt: 3, nextTryAt: 15_000 }}
        now={10_000}
      />,
    );
    expect(badge().getByRole("status").textContent).toBe("Reconnecting");
    expect(badge().getByText("next try in 5 s · 3 failed attempts")).toBeTruthy();
    expect(badge().getByText("No events yet")).toBeTruthy();
  });

  it("counts down by itself", () => {
    vi.useFakeTimers();
    vi.setSystemTime(50_000);
    render(<ConnectionBadge state={{ status: "reconnecting", attempt: 1, nextTryAt: 55_000 }} />);
    expect(badge().getByText("next try in 5 s")).toBeTruthy();
    act(() => {
      vi.advanceTimersByTime(2_000);
    });
    expect(badge().getByText("next try in 3 s")).toBeTruthy();
  });

  it("offers Retry now while reconnecting", async () => {
    const onRetry = vi.fn();
    render(
      <ConnectionBadge
        state={{ status: "reconnecting", attempt: 1, nextTryAt: 15_000 }}
        onRetry={onRetry}
        now={10_000}
      />,
    );
    await userEvent.click(screen.getByRole("button", { name: "Retry now" }));
    expect(onRetry).toHaveBeenCalledOnce();
  });

  it("names the other states", () => {
    const { rerender } = render(
      <ConnectionBadge state={{ status: "connecting", attempt: 0 }} now={0} />,
    );
    expect(badge().getByRole("status").textContent).toBe("Connecting…");
    rerender(<ConnectionBadge state={{ status: "connecting", attempt: 2 }} now={0} />);
    expect(badge().getByText("attempt 3")).toBeTruthy();
    rerender(<ConnectionBadge state={{ status: "offline" }} now={0} />);
    expect(badge().getByRole("status").textContent).toBe("Offline");
    expect(badge().getByText("waiting for the network")).toBeTruthy();
    rerender(<ConnectionBadge state={{ status: "closed" }} now={0} />);
    expect(badge().getByRole("status").textContent).toBe("Disconnected");
    rerender(<ConnectionBadge state={{ status: "revoked" }} now={0} />);
    expect(badge().getByRole("status").textContent).toBe("Access revoked");
  });

  it("accepts the client's connection state as it is", () => {
    // The client's `open` state carries a connection id the badge does not need.
    const state = { status: "open" as const, connectionId: "c-1" };
    render(<ConnectionBadge state={state} now={0} />);
    expect(badge().getByRole("status").textContent).toBe("Live");
  });
});
