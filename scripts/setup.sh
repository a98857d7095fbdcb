#!/usr/bin/env bash
# Prepares a fresh machine for Pulseboard: pnpm, the system packages the tests and the
# product run (nats-server; Prometheus and promtool for the alerting rules; Chromium for the
# end-to-end tests), and the workspace's dependencies. Idempotent and quiet when everything is
# already there. Needs only Node.js 20+ with npm.
set -euo pipefail
cd "$(dirname "$0")/.."

node_major=$(node -p 'process.versions.node.split(".")[0]')
if (( node_major < 20 )); then
  echo "setup: Node.js 20 or newer is required (found $(node --version))" >&2
  exit 1
fi

# Corepack's signature check fails against the registry these machines reach; npm works.
if ! command -v pnpm >/dev/null 2>&1 || [[ "$(pnpm --version)" != 10.* ]]; then
  echo "setup: installing pnpm 10"
  npm install -g --no-fund --no-audit pnpm@10 >/dev/null
fi

bash scripts/ensure-nats-server.sh
bash scripts/ensure-prometheus.sh
bash scripts/ensure-chromium.sh

if [[ "${CI:-}" == "true" ]]; then
  pnpm install --frozen-lockfile
else
  pnpm install --prefer-offline
fi
