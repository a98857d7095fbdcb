#!/usr/bin/env bash
# `pnpm dev`: the hub (embedded broker, demo producer) and the web app in watch mode, with real
# authentication: a random HS256 secret for this run is shared by the hub and the web app's
# development token route. Set NATS_URL to use NATS instead of the embedded broker.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/local-env.sh

echo "Pulseboard: dashboards on http://127.0.0.1:3000 (hub on ${NEXT_PUBLIC_HUB_URL})"
exec turbo run dev --env-mode=loose --filter=@pulseboard/hub --filter=@pulseboard/web
