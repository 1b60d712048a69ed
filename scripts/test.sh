#!/usr/bin/env bash
# `npm test`: every gate and every test, in the order a reviewer cares about. Keeps going after a
# failure so one run shows everything, then exits non-zero if anything failed.
#   1. svelte-check + TypeScript (no warnings)   2. prettier + eslint
#   3. vitest: unit + integration (real SQLite files, real mediasoup worker, real collab server)
#   4. production build + Playwright end-to-end in Chromium against server/main.ts
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
step "type check" npm run --silent check
step "lint" npm run --silent lint
step "unit and integration tests" npx vitest run
step "production build" npx vite build --logLevel warn
if [ -f build/handler.js ]; then
	step "end-to-end tests (Chromium)" npx playwright test
fi
echo
node scripts/test-summary.mjs || status=1
exit $status
