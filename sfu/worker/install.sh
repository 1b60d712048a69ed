#!/usr/bin/env bash
# sfu/worker/install.sh - make sure node_modules/mediasoup has a working mediasoup-worker.
# Run by the root package.json "postinstall". Order of attempts:
#   1. a worker already in place that passes the sanity check (exit code 41) -> done;
#   2. MEDIASOUP_WORKER_BIN set by the user -> nothing to do (mediasoup uses it at run time);
#   3. a cached binary keyed by mediasoup version + build-recipe hash -> copy it (seconds);
#   4. build from the npm package's sources (sfu/worker/build.sh, ~4 min on 2 cores) and cache it.
# The cache lives outside the clone (ACCORDO_CACHE_DIR, default ~/.cache/accordo) so a second
# CI run on the same machine does not rebuild.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
MS="$ROOT/node_modules/mediasoup"
BIN="$MS/worker/out/Release/mediasoup-worker"
[ -f "$MS/package.json" ] || { echo "accordo: mediasoup is not installed (run npm install)" >&2; exit 1; }

if [ -n "${MEDIASOUP_WORKER_BIN:-}" ] && [ -x "${MEDIASOUP_WORKER_BIN}" ]; then
  echo "accordo: using MEDIASOUP_WORKER_BIN=$MEDIASOUP_WORKER_BIN"; exit 0
fi
worker_ok() { [ -x "$1" ] || return 1; local rc=0; env -i "$1" >/dev/null 2>&1 || rc=$?; [ "$rc" = 41 ]; }

VERSION="$(node -p "require('$MS/package.json').version")"
RECIPE_HASH="$(sha256sum "$ROOT/sfu/worker/build.sh" | cut -c1-16)"
CACHE_DIR="${ACCORDO_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/accordo}/mediasoup-worker"
CACHED="$CACHE_DIR/mediasoup-worker-$VERSION-$RECIPE_HASH"

if worker_ok "$BIN" && [ -f "$BIN.accordo" ] && [ "$(cat "$BIN.accordo")" = "$VERSION-$RECIPE_HASH" ]; then
  echo "accordo: mediasoup-worker $VERSION already in place"; exit 0
fi
if worker_ok "$CACHED"; then
  mkdir -p "$(dirname "$BIN")"
  cp "$CACHED" "$BIN.tmp" && mv "$BIN.tmp" "$BIN"
  echo "$VERSION-$RECIPE_HASH" > "$BIN.accordo"
  echo "accordo: mediasoup-worker $VERSION restored from cache $CACHED"; exit 0
fi
echo "accordo: building mediasoup-worker $VERSION from sources (about 4 minutes on 2 cores)..."
start=$(date +%s)
bash "$ROOT/sfu/worker/build.sh" "$ROOT"
echo "accordo: mediasoup-worker built in $(( $(date +%s) - start )) s"
mkdir -p "$CACHE_DIR"
cp "$BIN" "$CACHED.tmp" && mv "$CACHED.tmp" "$CACHED"
echo "$VERSION-$RECIPE_HASH" > "$BIN.accordo"
echo "accordo: cached as $CACHED"
