#!/usr/bin/env bash
# Makes sure Debian's Chromium is installed at /usr/bin/chromium: the end-to-end tests drive it
# with Playwright (apps/web/playwright.config.ts), which never downloads a browser of its own.
# Idempotent and silent when it is already there; otherwise installs the `chromium` package.
set -euo pipefail

CHROMIUM=/usr/bin/chromium

if [ -x "$CHROMIUM" ]; then
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "chromium is missing and apt-get is not available: install Chromium at $CHROMIUM" >&2
  exit 1
fi

# Root runs apt directly; anyone else needs sudo.
SUDO=()
if [ "$(id -u)" -ne 0 ]; then
  if ! command -v sudo >/dev/null 2>&1; then
    echo "chromium is missing; run as root or install sudo" >&2
    exit 1
  fi
  SUDO=(sudo)
fi

echo "installing chromium (Debian package)..." >&2
${SUDO[@]+"${SUDO[@]}"} apt-get update -qq
${SUDO[@]+"${SUDO[@]}"} env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null

if [ ! -x "$CHROMIUM" ]; then
  echo "chromium installation failed: $CHROMIUM is still missing" >&2
  exit 1
fi
