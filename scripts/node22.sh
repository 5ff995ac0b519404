#!/usr/bin/env bash
# Prints the path of the pinned Node 22 binary (for running the dev server's node:sqlite driver tests on a machine whose
# own Node is older): scripts/node-bin.sh 22, kept under this name for its callers (.ci/run, scripts/user-env.mjs).
set -euo pipefail
exec "$(dirname "$0")/node-bin.sh" 22
