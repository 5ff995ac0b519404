#!/usr/bin/env bash
# Runs the shared peer harness (read-only in ../shared/bench-peers) with this repository's scenario beside
# the untraced baseline and raw OpenTelemetry. The harness is copied to a temporary directory and installed
# from its own lockfile there.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/.." && pwd)"
src="${BENCH_PEERS_DIR:-$repo/../shared/bench-peers}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp -r "$src/." "$work/"
chmod -R u+w "$work"
(cd "$work" && npm ci --no-audit --no-fund --silent)
(cd "$repo" && npm run build --silent)
cd "$work"
HONEYHIVE_DIST="$repo/packages/honeyhive/dist/index.js" node run.mjs --scenario "$here/peer-scenario.mjs" --only baseline,otel,peer-scenario --runs "${RUNS:-1}" --md "$repo/bench/out/PEERS.md" --json "$repo/bench/out/peers.json" "$@"
echo "report: bench/out/PEERS.md"
