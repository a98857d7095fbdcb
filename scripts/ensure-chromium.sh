#!/usr/bin/env bash
# Makes sure Debian's Chromium is installed at /usr/bin/chromium: the end-to-end tests drive it
# with Playwright (apps/web/playwright.config.ts), which never downloads a browser of its own.
set -euo pipefail
source "$(dirname "$0")/lib/debian-package.sh"

ensure_debian_package chromium test -x /usr/bin/chromium
