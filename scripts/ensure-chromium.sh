#!/usr/bin/env bash
# Finds a Chromium that Playwright can drive, installing one when there is none, and prints its
# path on stdout (messages go to stderr). Used by `npm test` (scripts/test.sh) and
# `npm run test:e2e` (scripts/test-e2e.sh).
#   1. $CHROMIUM_PATH, Debian's /usr/bin/chromium, or a browser Playwright downloaded before;
#   2. else, as root (or with password-less sudo) on Debian/Ubuntu: apt-get install chromium
#      (apt-get update first when the package lists do not know it);
#   3. else: npx playwright install chromium (where downloads from the internet work);
#   4. else: exit 1 with what to do.
# A candidate counts only if it starts (`--version`), so a broken install is not reported as found.
set -uo pipefail
cd "$(dirname "$0")/.."
log() { echo "accordo: $*" >&2; }

runs() { [ -n "$1" ] && [ -x "$1" ] && timeout 30 "$1" --headless --no-sandbox --version >/dev/null 2>&1; }
playwright_chromium() {
	node -e "process.stdout.write(require('@playwright/test').chromium.executablePath())" 2>/dev/null
}
find_chromium() {
	local c
	for c in "${CHROMIUM_PATH:-}" /usr/bin/chromium /usr/bin/chromium-browser; do
		if runs "$c"; then
			echo "$c"
			return 0
		fi
	done
	c="$(playwright_chromium)" # node starts only when the usual places have none
	runs "$c" && echo "$c"
}

if [ -n "${CHROMIUM_PATH:-}" ] && ! runs "$CHROMIUM_PATH"; then
	log "CHROMIUM_PATH=$CHROMIUM_PATH does not start a browser; looking for another one"
fi
find_chromium && exit 0

SUDO=""
if [ "$(id -u)" != 0 ] && command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then SUDO="sudo -n"; fi
if command -v apt-get >/dev/null 2>&1 && { [ "$(id -u)" = 0 ] || [ -n "$SUDO" ]; }; then
	log "no Chromium found: installing Debian's chromium with apt-get (once per machine, about a minute)"
	apt_log="$(mktemp)"
	apt_install() {
		$SUDO env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -q --no-install-recommends chromium >>"$apt_log" 2>&1
	}
	if ! apt_install; then
		log "apt-get install failed; refreshing the package lists (apt-get update) and trying again"
		$SUDO env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 update -q >>"$apt_log" 2>&1
		apt_install || { tail -n 15 "$apt_log" >&2; }
	fi
	rm -f "$apt_log"
	find_chromium && exit 0
	[ ! -x /usr/bin/chromium ] || log "/usr/bin/chromium is installed but does not start: $(timeout 30 /usr/bin/chromium --headless --no-sandbox --version 2>&1 | tail -n 1)"
fi

log "no Chromium found: trying npx playwright install chromium (needs internet access)"
pw_log="$(mktemp)"
if timeout 600 npx --no-install playwright install chromium >"$pw_log" 2>&1; then
	rm -f "$pw_log"
	find_chromium && exit 0
else
	log "playwright install failed: $(grep -m 1 -E '^Error' "$pw_log" || tail -n 1 "$pw_log")"
	rm -f "$pw_log"
fi

cat >&2 <<'EOF'
accordo: no Chromium for the end-to-end tests, and none could be installed. Do one of:
  - Debian/Ubuntu: apt-get install chromium (as root), then run the tests again;
  - with internet access: npx playwright install --with-deps chromium;
  - or set CHROMIUM_PATH to a Chromium or Chrome executable.
EOF
exit 1
