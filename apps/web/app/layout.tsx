import "@pulseboard/ui/styles.css";
import "./globals.css";
import type { Metadata } from "next";
import Link from "next/link";
import Script from "next/script";
import type { ReactNode } from "react";
import { ThemeControl } from "../components/theme-control";
import { THEME_BOOT_SCRIPT } from "../lib/theme";

export const metadata: Metadata = {
  title: { default: "Pulseboard", template: "%s · Pulseboard" },
  description: "Live media-server analytics: playbacks, syncs, statistics and security alerts.",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    // The boot script may set data-theme before React hydrates.
    <html lang="en" suppressHydrationWarning>
      <body>
        <Script id="pulseboard-theme" strategy="beforeInteractive">
          {THEME_BOOT_SCRIPT}
        </Script>
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <header className="site-header">
          <Link href="/" className="site-header__brand">
            Pulseboard
          </Link>
          <nav aria-label="Main" className="site-header__nav">
            <Link href="/">Overview</Link>
            <form action="/dashboards" method="get" className="site-header__open">
              <label htmlFor="dashboard-id">Dashboard</label>
              <input
                id="dashboard-id"
                name="id"
                required
                pattern="[A-Za-z0-9_:\-]{1,54}"
                placeholder="id, e.g. 42"
                className="site-header__input"
              />
              <button type="submit" className="pb-button pb-button--small">
                Open
              </button>
            </form>
          </nav>
          <ThemeControl />
        </header>
        {children}
      </body>
    </html>
  );
}
