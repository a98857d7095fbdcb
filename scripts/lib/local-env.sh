# Shared by dev.sh and start.sh: the environment of a local run of hub + web on one machine.
# Values already set by the caller win.

if [[ -z "${HUB_AUTH_SECRET:-}" && "${HUB_AUTH:-}" != "none" ]]; then
  HUB_AUTH_SECRET=$(node -e 'process.stdout.write(require("node:crypto").randomBytes(32).toString("hex"))')
fi
export HUB_AUTH_SECRET
export HUB_AUTH="${HUB_AUTH:-jwt}"
export HUB_PORT="${HUB_PORT:-8080}"
export HUB_DEMO="${HUB_DEMO:-1}"
export HUB_DEMO_ROOMS="${HUB_DEMO_ROOMS:-global,dashboard:demo}"
export HUB_ALLOWED_ORIGINS="${HUB_ALLOWED_ORIGINS:-http://127.0.0.1:3000,http://localhost:3000}"
export NEXT_PUBLIC_HUB_URL="${NEXT_PUBLIC_HUB_URL:-ws://127.0.0.1:${HUB_PORT}/ws}"
# The web app's token route signs short-lived tokens with the hub's secret, also under
# `next start`: this is a local run, not a deployment.
export PULSEBOARD_DEV_TOKENS="${PULSEBOARD_DEV_TOKENS:-1}"
export TURBO_TELEMETRY_DISABLED=1 NEXT_TELEMETRY_DISABLED=1
