import { render, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { AlertsPanel } from "../src/alerts-panel.js";
import { CriticalAlertToasts } from "../src/critical-alert-toasts.js";
import { alert } from "./support/fixtures.js";

describe("AcknowledgeButton", () => {
  it("is the same button in the alerts panel and in a critical toast", () => {
    const alerts = [{ data: alert({ id: 7, severity: "critical" }), acknowledged: false }];
    render(
      <>
        <AlertsPanel alerts={alerts} onAcknowledge={() => {}} />
        <CriticalAlertToasts alerts={alerts} onAcknowledge={() => {}} />
      </>,
    );
    const inPanel = within(screen.getByRole("region", { name: "Detection alerts" })).getByRole(
      "button",
      { name: /^Acknowledge alert/ },
    );
    const inToast = within(screen.getByRole("region", { name: "Notifications" })).getByRole(
      "button",
      { name: /^Acknowledge alert/ },
    );
    expect(inToast.outerHTML).toBe(inPanel.outerHTML);
  });
});
