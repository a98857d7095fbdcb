#!/usr/bin/env bash
# Makes sure a nats-server binary exists (the tests and NATS_URL setups need one).
# Idempotent and silent when it is already installed; otherwise installs Debian's
# `nats-server` package (2.9.x on current Debian, which the code supports).
set -euo pipefail

if command -v nats-server >/dev/null 2>&1 || [ -x /usr/sbin/nats-server ]; then
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "nats-server is missing and apt-get is not available: install the nats-server release for your system" >&2
  exit 1
fi

# Root runs apt directly; anyone else needs sudo.
SUDO=()
if [ "$(id -u)" -ne 0 ]; then
  if ! command -v sudo >/dev/null 2>&1; then
    echo "nats-server is missing; run as root or install sudo" >&2
    exit 1
  fi
  SUDO=(sudo)
fi

echo "installing nats-server (Debian package)..." >&2
${SUDO[@]+"${SUDO[@]}"} apt-get update -qq
${SUDO[@]+"${SUDO[@]}"} env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nats-server >/dev/null

if ! command -v nats-server >/dev/null 2>&1 && [ ! -x /usr/sbin/nats-server ]; then
  echo "nats-server installation failed" >&2
  exit 1
fi
