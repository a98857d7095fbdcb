/**
 * How Chromium runs for the e2e suite and the browser benchmark alike: Debian's build
 * (Playwright's own browsers are never downloaded here), headless, these flags, this viewport.
 */
export const CHROMIUM_ARGS: readonly string[] = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-dev-shm-usage",
];

export const CHROMIUM_VIEWPORT = { width: 1280, height: 900 } as const;

/** CHROMIUM_PATH, or Debian's `chromium` package (scripts/ensure-chromium.sh installs it). */
export function chromiumPath(): string {
  return process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
}
