#!/usr/bin/env bash
# `pnpm start`: production builds of the hub and the web app, served together on this machine
# with the same local settings as `pnpm dev` (see scripts/lib/local-env.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/local-env.sh

echo "Pulseboard: dashboards on http://127.0.0.1:3000 (hub on ${NEXT_PUBLIC_HUB_URL})"
exec turbo run start --env-mode=loose --filter=@pulseboard/hub --filter=@pulseboard/web
