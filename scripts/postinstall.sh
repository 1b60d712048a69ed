#!/usr/bin/env bash
# Root "postinstall": native parts that npm's default install cannot finish offline or on an
# old Node. Dependency install scripts are blocked by package.json "allowScripts" (npm 11), so
# this is the one place where native code gets built, always with Node >= 22.17.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
. ./scripts/env.sh

# better-sqlite3: prebuilt binary when the download works, else node-gyp from source (~75 s).
if [ -d node_modules/better-sqlite3 ] && ! node -e "new (require('better-sqlite3'))(':memory:').close()" >/dev/null 2>&1; then
  echo "accordo: building better-sqlite3 for Node $(node -v)..."
  GYP="${npm_config_node_gyp:-}"
  (
    cd node_modules/better-sqlite3
    if [ -x node_modules/.bin/prebuild-install ] || command -v prebuild-install >/dev/null 2>&1; then
      npx --no-install prebuild-install >/dev/null 2>&1 && exit 0
    fi
    if [ -n "$GYP" ]; then node "$GYP" rebuild --release; else npx --yes node-gyp rebuild --release; fi
  )
  node -e "new (require('better-sqlite3'))(':memory:').close()"
fi

[ ! -d node_modules/mediasoup ] || bash sfu/worker/install.sh
npx --no-install svelte-kit sync >/dev/null 2>&1 || true
