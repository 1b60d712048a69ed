#!/usr/bin/env bash
# `npm test`: every gate and every test, in the order a reviewer cares about. Keeps going after a
# failure so one run shows everything, then exits non-zero if anything failed.
#   1. svelte-check + TypeScript (no warnings)   2. prettier + eslint
#   3. vitest: unit + integration (real SQLite files, real mediasoup worker, real collab server)
#   4. production build + Playwright end-to-end in Chromium against server/main.ts
# Installs what the tests need on a fresh machine (Chromium: scripts/ensure-chromium.sh). The
# test build goes to build-test/, so a server started from build/ by
# `npm start` in the same checkout keeps running.
set -uo pipefail
cd "$(dirname "$0")/.."
. ./scripts/env.sh
rm -rf test-results reports
mkdir -p reports
status=0
step() {
	echo
	echo "==> $1"
	shift
	"$@" || { echo "==> FAILED: $*"; status=1; }
}
chromium() {
	CHROMIUM_PATH="$(bash scripts/ensure-chromium.sh)" || return 1
	export CHROMIUM_PATH
	echo "Chromium: $CHROMIUM_PATH"
}
TEST_BUILD=(env ACCORDO_BUILD_DIR=build-test)
step "type check" npm run --silent check
step "lint" npm run --silent lint
step "unit and integration tests" npx vitest run
step "production build (build-test/)" "${TEST_BUILD[@]}" npx vite build --logLevel warn
step "Chromium for the end-to-end tests" chromium
if [ -f build-test/handler.js ] && [ -n "${CHROMIUM_PATH:-}" ]; then
	step "end-to-end tests (Chromium)" "${TEST_BUILD[@]}" npx playwright test
else
	echo "==> end-to-end tests skipped: no build or no Chromium (see above)"
fi
echo
node scripts/test-summary.mjs || status=1
exit $status
