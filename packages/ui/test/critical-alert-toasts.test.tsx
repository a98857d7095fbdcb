import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { CriticalAlertToasts } from "../src/critical-alert-toasts.js";
import { Toast } from "../src/toast.js";
import { alert, upstream } from "./support/fixtures.js";

describe("CriticalAlertToasts", () => {
  it("shows a toast for critical alerts only", () => {
    render(
      <CriticalAlertToasts
        alerts={[
          {
            data: alert({ id: 1, severity: "warning", title: "Concurrent streams" }),
            acknowledged: false,
          },
          {
            data: alert({ id: 2, severity: "critical", title: "Impossible travel" }),
            acknowledged: false,
          },
          { data: alert({ id: 3, severity: "info", title: "New device" }), acknowledged: false },
        ]}
        onAcknowledge={() => {}}
      />,
    );
    const region = screen.getByRole("region", { name: "Notifications" });
    const toasts = within(region).getAllByRole("alert");
    expect(toasts).toHaveLength(1);
    expect(within(toasts[0] as HTMLElement).getByText("Critical: Impossible travel")).toBeTruthy();
    expect(screen.queryByText(/Concurrent streams/)).toBeNull();
    expect(screen.queryByText(/New device/)).toBeNull();
  });

  it("shows nothing for acknowledged or non-critical alerts", () => {
    render(
      <CriticalAlertToasts
        alerts={[
          { data: alert({ id: 2 }), acknowledged: true },
          { data: alert({ id: 3, severity: "warning" }), acknowledged: false },
        ]}
        onAcknowledge={() => {}}
      />,
    );
    expect(screen.queryByRole("alert")).toBeNull();
  });

  it("acknowledges through the callback and hides on dismiss", async () => {
    const onAcknowledge = vi.fn();
    render(
      <CriticalAlertToasts
        alerts={[{ data: alert({ id: 7 }), acknowledged: false }]}
        onAcknowledge={onAcknowledge}
      />,
    );
    await userEvent.click(
      screen.getByRole("button", { name: "Acknowledge alert: Impossible travel" }),
    );
    expect(onAcknowledge).toHaveBeenCalledWith(7);
    await userEvent.click(screen.getByRole("button", { name: /^Dismiss notification/ }));
    expect(screen.queryByRole("alert")).toBeNull();
  });

  it("caps the number of toasts and counts the rest", () => {
    const alerts = Array.from({ length: 5 }, (_, i) => ({
      data: alert({ id: i, title: `Alert ${i}` }),
      acknowledged: false,
    }));
    render(<CriticalAlertToasts alerts={alerts} onAcknowledge={() => {}} max={2} />);
    expect(screen.getAllByRole("alert")).toHaveLength(2);
    expect(screen.getByText("3 more critical alerts in the alerts panel")).toBeTruthy();
  });
});

describe("Toast", () => {
  it("is a status for non-critical messages and closes on Escape", async () => {
    const onDismiss = vi.fn();
    render(
      <Toast title="Saved" onDismiss={onDismiss}>
        All good
      </Toast>,
    );
    expect(screen.getByRole("status").textContent).toContain("All good");
    screen.getByRole("button", { name: "Dismiss notification: Saved" }).focus();
    await userEvent.keyboard("{Escape}");
    expect(onDismiss).toHaveBeenCalledOnce();
  });
});

describe("CriticalAlertToasts with upstream shapes", () => {
  it("raises no toast for an unknown or empty severity", () => {
    render(
      <CriticalAlertToasts
        alerts={[
          { data: upstream.highSeverity, acknowledged: false },
          { data: upstream.unspecifiedSeverity, acknowledged: false },
        ]}
        onAcknowledge={() => {}}
      />,
    );
    expect(screen.queryAllByRole("alert")).toHaveLength(0);
  });

  it("names a critical alert without a title by its rule, and prints no null", () => {
    render(
      <CriticalAlertToasts
        alerts={[
          {
            data: { id: 4, severity: "critical", rule_type: "impossible_travel", message: null },
            acknowledged: false,
          },
        ]}
        onAcknowledge={() => {}}
      />,
    );
    const toast = screen.getByRole("alert");
    expect(within(toast).getByText("Critical: impossible_travel")).toBeTruthy();
    expect(toast.textContent).not.toMatch(/null|undefined|User:/);
  });
});
