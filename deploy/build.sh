#!/usr/bin/env bash
# Builds Pulseboard's production bundles into OUT (a new or empty folder):
#
#   OUT/hub/   the hub, every dependency bundled in:   node OUT/hub/main.js
#              (and the producer CLI: node OUT/hub/publish-event.js)
#   OUT/web/   the web app, Next.js standalone output:  node OUT/web/apps/web/server.js
#              (its traced node_modules, .next/static and public/ included)
#
# Both run with `node` (20+) alone: no pnpm, no workspace, no install. The Dockerfiles next to
# this script copy exactly these folders. deploy/test/bundles.test.ts builds into an empty
# temporary folder and runs nats-server, the hub and the web app from there.
#
# Usage: deploy/build.sh OUT [--skip-web-build]
#   --skip-web-build  use apps/web/.next as it is (it must hold a standalone build of the
#                     current sources; the tests build it once for the e2e suite and this)
set -euo pipefail

usage() {
  echo "usage: deploy/build.sh OUT [--skip-web-build]" >&2
  exit 2
}
[[ $# -ge 1 ]] || usage
out=$1
shift
skip_web_build=false
for arg in "$@"; do
  case $arg in
    --skip-web-build) skip_web_build=true ;;
    *) usage ;;
  esac
done

repo=$(cd "$(dirname "$0")/.." && pwd)
web="$repo/apps/web"
mkdir -p "$out"
out=$(cd "$out" && pwd)
if [[ -n "$(ls -A "$out")" ]]; then
  echo "build.sh: $out is not empty; give a new or empty folder" >&2
  exit 1
fi
case "$out/" in
  "$repo"/*) echo "build.sh: $out is inside the workspace; build outside it" >&2; exit 1 ;;
esac

echo "build.sh: hub bundle → $out/hub"
(cd "$repo/deploy" && PULSEBOARD_HUB_OUT="$out/hub" pnpm exec tsup --config hub/tsup.config.ts --silent)
# The bundle is ES modules; a package.json says so to node (no dependencies to install).
printf '{ "type": "module", "private": true }\n' >"$out/hub/package.json"

if [[ $skip_web_build == false ]]; then
  echo "build.sh: next build"
  (cd "$repo" && pnpm --filter @pulseboard/web build)
fi
standalone="$web/.next/standalone"
if [[ ! -f "$standalone/apps/web/server.js" ]]; then
  echo "build.sh: $standalone/apps/web/server.js is missing: apps/web/next.config.ts must set output: \"standalone\"" >&2
  exit 1
fi
echo "build.sh: web bundle → $out/web"
mkdir -p "$out/web"
# -a keeps the symlinks pnpm's layout uses inside the standalone node_modules (all relative).
cp -a "$standalone/." "$out/web/"
# Next leaves the browser assets and public/ out of the standalone folder by design.
mkdir -p "$out/web/apps/web/.next"
cp -a "$web/.next/static" "$out/web/apps/web/.next/static"
if [[ -d "$web/public" ]]; then
  cp -a "$web/public" "$out/web/apps/web/public"
fi
# The e2e suite's build fingerprint is no part of a deployment.
rm -f "$out/web/apps/web/.next/pulseboard-e2e-fingerprint"

echo "build.sh: done: node $out/hub/main.js | node $out/web/apps/web/server.js"
