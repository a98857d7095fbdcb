#!/usr/bin/env bash
# Makes sure Prometheus and promtool exist: deploy/test/prometheus.test.ts checks and
# unit-tests the alerting rules with promtool and runs a real Prometheus against two hubs.
# Debian's `prometheus` package ships both (2.42 on Debian 12).
set -euo pipefail
source "$(dirname "$0")/lib/debian-package.sh"

has_prometheus() {
  command -v promtool && command -v prometheus
}
ensure_debian_package prometheus has_prometheus
