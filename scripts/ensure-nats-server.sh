#!/usr/bin/env bash
# Makes sure a nats-server binary exists (the tests and NATS_URL setups need one): Debian's
# `nats-server` package (2.9.x on current Debian, which the code supports).
set -euo pipefail
source "$(dirname "$0")/lib/debian-package.sh"

has_nats_server() {
  command -v nats-server || [ -x /usr/sbin/nats-server ]
}
ensure_debian_package nats-server has_nats_server
