import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { EmptyState } from "../src/empty-state.js";
import { ErrorState } from "../src/error-state.js";
import { parseTheme, ThemeSelect } from "../src/theme-select.js";

describe("EmptyState", () => {
  it("shows its title, explanation and action", () => {
    render(
      <EmptyState title="No data yet" action={<button type="button">Reload</button>}>
        Waiting for the first event.
      </EmptyState>,
    );
    const status = screen.getByRole("status");
    expect(status.textContent).toContain("No data yet");
    expect(status.textContent).toContain("Waiting for the first event.");
    expect(screen.getByRole("button", { name: "Reload" })).toBeTruthy();
  });
});

describe("ErrorState", () => {
  it("is announced as an alert and offers a retry", async () => {
    const onRetry = vi.fn();
    render(
      <ErrorState title="Hub unreachable" detail="close code 1006" onRetry={onRetry}>
        Nothing answers at ws://127.0.0.1:8080/ws.
      </ErrorState>,
    );
    const alert = screen.getByRole("alert");
    expect(alert.textContent).toContain("Hub unreachable");
    expect(alert.textContent).toContain("Nothing answers at ws://127.0.0.1:8080/ws.");
    expect(alert.textContent).toContain("close code 1006");
    await userEvent.click(screen.getByRole("button", { name: "Retry now" }));
    expect(onRetry).toHaveBeenCalledOnce();
  });

  it("has no button without a retry callback", () => {
    render(<ErrorState title="Not allowed" />);
    expect(screen.queryByRole("button")).toBeNull();
  });
});

describe("ThemeSelect", () => {
  it("reports the chosen theme", async () => {
    const onChange = vi.fn();
    render(<ThemeSelect value="system" onChange={onChange} />);
    await userEvent.selectOptions(screen.getByLabelText("Theme"), "Dark");
    expect(onChange).toHaveBeenCalledWith("dark");
  });

  it("parses stored values defensively", () => {
    expect(parseTheme("light")).toBe("light");
    expect(parseTheme("purple")).toBe("system");
    expect(parseTheme(null)).toBe("system");
  });
});
