import { expect, type Locator, type Page } from "@playwright/test";

/** The admin page as an operator uses it: signed in with the password, by roles and labels. */
export class OperatorConsole {
  constructor(readonly page: Page) {}

  /** Opens /admin, which sends a browser without a session to the sign-in form first. */
  async signIn(password: string): Promise<void> {
    await this.page.goto("/admin");
    await expect(this.page).toHaveURL(/\/admin\/login$/);
    await this.page.getByLabel("Operator password").fill(password);
    await this.page.getByRole("button", { name: "Sign in" }).click();
    await expect(this.page).toHaveURL(/\/admin$/);
    await expect(this.page.getByRole("heading", { name: "Admin", level: 1 })).toBeVisible();
  }

  get connections(): Locator {
    return this.page.getByRole("region", { name: "Connections" });
  }

  /** The connections table's row of the connection that follows `room`. */
  connectionIn(room: string): Locator {
    return this.connections.getByRole("row").filter({ hasText: room });
  }

  /** The modal asking to confirm; `confirm` presses its action button. */
  dialog(title: string): Locator {
    return this.page.getByRole("dialog", { name: title });
  }

  /** The polite live region announcing what an action did. */
  get announcement(): Locator {
    return this.page.locator("[aria-live=polite]");
  }
}
