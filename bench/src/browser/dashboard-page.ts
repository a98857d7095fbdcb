import type { Page } from "@playwright/test";

/** Longest wait for the connection badge to say "Live" after the page loaded. */
const TO_LIVE_MS = 20_000;

/** Loads a dashboard and waits until its connection badge says "Live". */
export async function openDashboard(page: Page, url: string): Promise<void> {
  await page.goto(url, { waitUntil: "load", timeout: 30_000 });
  await page
    .locator(".pb-conn [role=status]", { hasText: /^Live$/ })
    .waitFor({ timeout: TO_LIVE_MS });
}
