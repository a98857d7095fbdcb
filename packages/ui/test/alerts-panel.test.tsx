import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { AlertsPanel } from "../src/alerts-panel.js";
import { alert } from "./support/fixtures.js";

describe("AlertsPanel", () => {
  const alerts = [
    { data: alert(), acknowledged: false },
    {
      data: alert({
        id: "w-1",
        severity: "warning",
        title: "Concurrent streams",
        message: "4 streams at once",
        username: undefined,
        user_id: 77,
      }),
      acknowledged: true,
    },
    { data: alert({ id: 9, severity: "info", title: "New device" }), acknowledged: false },
  ];

  it("shows each alert's severity, title, message and user, and counts the open ones", () => {
    render(<AlertsPanel alerts={alerts} onAcknowledge={() => {}} />);
    const panel = screen.getByRole("region", { name: "Detection alerts" });
    expect(within(panel).getByText("2 open")).toBeTruthy();
    const rows = within(panel).getAllByRole("listitem");
    expect(rows).toHaveLength(3);
    const first = within(rows[0] as HTMLElement);
    expect(first.getByText("Critical")).toBeTruthy();
    expect(first.getByText("Impossible travel")).toBeTruthy();
    expect(first.getByText("Streams from Lisbon and Osaka within 14 minutes")).toBeTruthy();
    expect(first.getByText("marisol")).toBeTruthy();
    const second = within(rows[1] as HTMLElement);
    expect(second.getByText("Warning")).toBeTruthy();
    expect(second.getByText("user 77")).toBeTruthy();
    expect(within(rows[2] as HTMLElement).getByText("Info")).toBeTruthy();
  });

  it("calls back with the alert id when Acknowledge is pressed", async () => {
    const onAcknowledge = vi.fn();
    render(<AlertsPanel alerts={alerts} onAcknowledge={onAcknowledge} />);
    await userEvent.click(screen.getByRole("button", { name: "Acknowledge alert: New device" }));
    expect(onAcknowledge).toHaveBeenCalledWith(9);
  });

  it("is operable from the keyboard", async () => {
    const onAcknowledge = vi.fn();
    render(<AlertsPanel alerts={alerts} onAcknowledge={onAcknowledge} />);
    await userEvent.tab();
    expect(document.activeElement).toBe(
      screen.getByRole("button", { name: "Acknowledge alert: Impossible travel" }),
    );
    await userEvent.keyboard("{Enter}");
    expect(onAcknowledge).toHaveBeenCalledWith(5521);
  });

  it("shows acknowledged alerts without a button", () => {
    render(<AlertsPanel alerts={alerts} onAcknowledge={() => {}} />);
    expect(screen.queryByRole("button", { name: /Concurrent streams/ })).toBeNull();
    expect(screen.getByText("Acknowledged")).toBeTruthy();
  });

  it("has an empty state", () => {
    render(<AlertsPanel alerts={[]} onAcknowledge={() => {}} />);
    expect(screen.getByText("No alerts")).toBeTruthy();
    expect(screen.queryByText(/open$/)).toBeNull();
  });
});
