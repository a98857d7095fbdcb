import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { CriticalAlertToasts } from "../src/critical-alert-toasts.js";
import { RefreshRequestToast } from "../src/refresh-request-toast.js";
import { refreshRequest } from "./support/fixtures.js";

const noop = () => {};

describe("RefreshRequestToast", () => {
  it("says a refresh was requested, why, by whom and when", () => {
    render(
      <RefreshRequestToast
        request={refreshRequest({ reason: "Schema migrated", requested_by: "ops-bot" })}
        onReload={noop}
        onDismiss={noop}
      />,
    );
    const status = screen.getByRole("status");
    expect(status.textContent).toContain("A refresh of this dashboard was requested");
    expect(status.textContent).toContain("Schema migrated");
    expect(status.textContent).toContain("Requested by ops-bot at 23:00:04 UTC");
  });

  it("leaves out the reason and the requester when there are none", () => {
    render(<RefreshRequestToast request={refreshRequest()} onReload={noop} onDismiss={noop} />);
    const status = screen.getByRole("status");
    expect(status.textContent).not.toContain("Requested by");
    expect(status.textContent).toContain("Requested at 23:00:04 UTC");
  });

  it("calls back on Reload and on Dismiss", async () => {
    const onReload = vi.fn();
    const onDismiss = vi.fn();
    render(
      <RefreshRequestToast request={refreshRequest()} onReload={onReload} onDismiss={onDismiss} />,
    );
    await userEvent.click(screen.getByRole("button", { name: "Reload" }));
    expect(onReload).toHaveBeenCalledOnce();
    expect(onDismiss).not.toHaveBeenCalled();
    await userEvent.click(screen.getByRole("button", { name: /^Dismiss notification/ }));
    expect(onDismiss).toHaveBeenCalledOnce();
    expect(onReload).toHaveBeenCalledOnce();
  });

  it("renders nothing without a request", () => {
    const { container } = render(
      <RefreshRequestToast request={undefined} onReload={noop} onDismiss={noop} />,
    );
    expect(container.firstChild).toBeNull();
  });

  it("stacks in the critical alerts' toast region", () => {
    render(
      <CriticalAlertToasts alerts={[]} onAcknowledge={noop}>
        <RefreshRequestToast request={refreshRequest()} onReload={noop} onDismiss={noop} />
      </CriticalAlertToasts>,
    );
    const region = screen.getByRole("region", { name: "Notifications" });
    expect(region.contains(screen.getByRole("status"))).toBe(true);
  });
});
