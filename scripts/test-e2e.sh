#!/usr/bin/env bash
# `npm run test:e2e [-- <spec files or Playwright options>]`: finds or installs Chromium
# (scripts/ensure-chromium.sh), builds into build-test/ (a server started from build/ keeps
# running) and runs Playwright against it. E2E_PORT picks another port (and database).
set -euo pipefail
cd "$(dirname "$0")/.."
. ./scripts/env.sh
CHROMIUM_PATH="$(bash scripts/ensure-chromium.sh)"
export CHROMIUM_PATH ACCORDO_BUILD_DIR="${ACCORDO_BUILD_DIR:-build-test}"
npx vite build --logLevel warn
exec npx playwright test "$@"
