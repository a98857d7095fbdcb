import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { AlertsPanel } from "../src/alerts-panel.js";
import { alert, upstream } from "./support/fixtures.js";
import { rowOf } from "./support/queries.js";

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

describe("AlertsPanel with upstream shapes", () => {
  it("labels an alert without a severity 'Unspecified', in the neutral style", () => {
    render(
      <AlertsPanel
        alerts={[{ data: upstream.unspecifiedSeverity, acknowledged: false }]}
        onAcknowledge={() => {}}
      />,
    );
    const row = rowOf("Concurrent Stream Limit Exceeded");
    const badge = within(row).getByText("Unspecified");
    expect(badge.className).toContain("pb-severity--other");
    expect(row.className).toContain("pb-alert--other");
  });

  it("shows an unknown severity as written, in the neutral style", () => {
    render(
      <AlertsPanel
        alerts={[{ data: upstream.highSeverity, acknowledged: false }]}
        onAcknowledge={() => {}}
      />,
    );
    const row = rowOf("Rapid Platform Switch Detected");
    const badge = within(row).getByText("high");
    expect(badge.className).toContain("pb-severity--other");
    expect(badge.className).not.toMatch(/pb-severity--(info|warning|critical)/);
  });

  it("keeps the known severities' own styles", () => {
    render(
      <AlertsPanel
        alerts={[
          { data: alert(), acknowledged: false },
          { data: alert({ id: 2, severity: "warning" }), acknowledged: false },
        ]}
        onAcknowledge={() => {}}
      />,
    );
    expect(screen.getByText("Critical").className).toContain("pb-severity--critical");
    expect(screen.getByText("Warning").className).toContain("pb-severity--warning");
  });

  it("names an alert that carries only its id, and prints no null", async () => {
    const onAcknowledge = vi.fn();
    render(
      <AlertsPanel
        alerts={[
          { data: { id: 1 }, acknowledged: false },
          {
            data: {
              id: 2,
              title: null,
              rule_type: "vpn_usage",
              message: null,
              username: null,
              user_id: null,
              created_at: null,
              severity: null,
            },
            acknowledged: false,
          },
        ]}
        onAcknowledge={onAcknowledge}
      />,
    );
    expect(screen.getByText("Detection alert")).toBeTruthy();
    // Without a title, the rule names the alert (twice: title and rule tag).
    const vpn = screen.getByRole("button", { name: "Acknowledge alert: vpn_usage" }).closest("li");
    expect(within(vpn as HTMLElement).getAllByText("vpn_usage")).toHaveLength(2);
    expect(screen.getAllByText("Unspecified")).toHaveLength(2);
    expect(document.body.textContent).not.toMatch(/null|undefined|—/);
    await userEvent.click(
      screen.getByRole("button", { name: "Acknowledge alert: Detection alert" }),
    );
    expect(onAcknowledge).toHaveBeenCalledWith(1);
  });
});
